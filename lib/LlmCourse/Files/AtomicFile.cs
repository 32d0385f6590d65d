using System.Text;

namespace LlmCourse.Files;

/// <summary>
/// Writes a file so that a failure never loses the old one: the bytes go to a temporary file beside the target
/// (".&lt;name&gt;.&lt;random&gt;.tmp"), flushed to disk, and only a complete file is renamed over the target. A full disk,
/// a read-only folder or a killed process leaves the previous file as it was. Temporary files left by a killed
/// process are never read, and the next write of the same target deletes those older than ten minutes.
/// </summary>
public static class AtomicFile
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    /// <summary>A test seam: wraps the stream the bytes are written to (e.g. one that fails as a full disk does).</summary>
    internal static Func<Stream, Stream>? WrapStreamForTests { get; set; }

    /// <summary>Writes the bytes <paramref name="write"/> produces; on any failure the target is left as it was.</summary>
    /// <exception cref="IOException">The file could not be written; the message names the path, the cause and that nothing was lost.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        if (Directory.Exists(full))
            throw new IOException($"Cannot save '{path}': that is a folder. Give a file name.");
        CreateFolder(path, folder);
        DeleteStaleTemporaries(folder, name);

        string temporary = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var stream = WrapStreamForTests?.Invoke(file) ?? file)
            {
                write(stream);
                stream.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException(
                $"Cannot save '{path}': {e.Message.TrimEnd('.')}. {(File.Exists(full) ? $"The previous '{path}' was left as it was." : "Nothing was written.")} "
                + "Free some disk space, or save to a folder you can write to.", e);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>Writes text as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
            stream.Write(bytes);
        });

    private static void CreateFolder(string path, string folder)
    {
        // A file where a folder of the path should be: say which one, rather than "file already exists".
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(dir.FullName))
                throw new IOException($"Cannot save '{path}': '{dir.FullName}' is a file, so it cannot hold other files. Choose another path, or move that file away.");
        }
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot save '{path}': the folder '{folder}' cannot be created ({e.Message.TrimEnd('.')}). Save to a folder you can write to.", e);
        }
    }

    private static void DeleteStaleTemporaries(string folder, string name)
    {
        try
        {
            foreach (var stale in Directory.EnumerateFiles(folder, $".{name}.*.tmp"))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(stale) > StaleAfter)
                    File.Delete(stale);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cleaning up is a courtesy: a leftover that cannot be deleted is still never read.
        }
    }
}
