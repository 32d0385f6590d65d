using System;
using Microsoft.DotNet.Interactive.Formatting;

namespace Workbook.Kernel
{
    /// <summary>Where displayed values go. The runner sets <see cref="Sink"/> before each cell runs.</summary>
    public static class KernelOutput
    {
        /// <summary>Receives every display and update; null outside a running cell (displays are dropped).</summary>
        public static Action<DisplayedValue, bool>? Sink { get; set; }

        internal static void Publish(DisplayedValue value, bool isUpdate) => Sink?.Invoke(value, isUpdate);
    }
}
