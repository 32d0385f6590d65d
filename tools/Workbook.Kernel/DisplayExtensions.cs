using System.Collections.Generic;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.Formatting.TabularData;
using Workbook.Kernel;

// Namespace System on purpose: .NET Interactive puts these extension methods there so that
// x.Display() works in every cell without a using directive.
namespace System
{
    public static class DisplayExtensions
    {
        /// <summary>Formats a value and shows it in the cell's output.</summary>
        public static DisplayedValue Display(this object? value, params string[] mimeTypes)
        {
            var displayed = new DisplayedValue(value, FormattedValue.CreateManyFromObject(value, mimeTypes));
            KernelOutput.Publish(displayed, isUpdate: false);
            return displayed;
        }

        /// <summary>Shows a string as the given MIME type, for example "text/markdown".</summary>
        public static DisplayedValue DisplayAs(this string value, string mimeType)
        {
            var displayed = new DisplayedValue(value, new[] { new FormattedValue(mimeType, value) });
            KernelOutput.Publish(displayed, isUpdate: false);
            return displayed;
        }

        /// <summary>Shows a sequence as a table.</summary>
        public static DisplayedValue DisplayTable<T>(this IEnumerable<T> value, params string[] mimeTypes)
        {
            if (value is null)
                return Display(value, mimeTypes);
            return Display(value.ToTabularDataResource(), mimeTypes);
        }
    }
}
