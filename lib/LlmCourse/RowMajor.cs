namespace LlmCourse;

/// <summary>Index arithmetic for tensors laid out row-major (the last axis varies fastest), as libtorch stores them.</summary>
internal static class RowMajor
{
    /// <summary>The multi-dimensional index of element <paramref name="flat"/>: [2, 3] and 4 give [1, 1].</summary>
    public static long[] Unravel(long flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
