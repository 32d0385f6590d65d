// Compatibility shim: .NET Interactive (HEAD) defines these types in the Formatting namespace; the
// Formatting package this runner can restore (1.0.0-beta.23562.1) predates that move, so the runner
// supplies them with the same names and members a notebook can use.
using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.DotNet.Interactive.Formatting
{
    /// <summary>A value formatted for one MIME type.</summary>
    public class FormattedValue
    {
        public FormattedValue(string mimeType, string value)
        {
            if (string.IsNullOrWhiteSpace(mimeType))
                throw new ArgumentException("Value cannot be null or whitespace.", nameof(mimeType));
            MimeType = mimeType;
            Value = value;
        }

        public string MimeType { get; }

        public string Value { get; }

        /// <summary>Formats a value for the given MIME types, or for its type's preferred ones when none are given.</summary>
        public static IReadOnlyList<FormattedValue> CreateManyFromObject(object? value, params string[] mimeTypes)
        {
            if (mimeTypes is null || mimeTypes.Length == 0)
                mimeTypes = Formatter.GetPreferredMimeTypesFor(value?.GetType()).ToArray();
            return mimeTypes.Select(mime => new FormattedValue(mime, value.ToDisplayString(mime))).ToArray();
        }

        public override string ToString() => $"{MimeType}: {Value}";
    }
}
