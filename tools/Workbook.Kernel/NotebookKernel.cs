using System;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbook.Kernel
{
    /// <summary>
    /// The members .NET Interactive brings into every C# cell with <c>using static Microsoft.DotNet.Interactive.Kernel;</c>.
    /// The runner's hidden first submission is <c>using static Workbook.Kernel.NotebookKernel;</c>.
    /// </summary>
    public static class NotebookKernel
    {
        // Lower-case names on purpose: they are the names notebooks call.
#pragma warning disable IDE1006
        public static DisplayedValue display(object? value, params string[] mimeTypes) => value.Display(mimeTypes);
#pragma warning restore IDE1006

        public static IHtmlContent HTML(string content) => new HtmlString(content);
    }
}
