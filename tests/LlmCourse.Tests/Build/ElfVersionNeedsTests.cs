using System.IO.Compression;
using LlmCourse.Build;

namespace LlmCourse.Tests.Build;

/// <summary>
/// The ELF patch the build applies to TorchSharp's natives (tools/msbuild/WeakenGlibcxxNeed.cs), tested on the
/// original libLibTorchSharp.so from the TorchSharp 0.107.0 package, so the test holds from a clean clone.
/// </summary>
public sealed class ElfVersionNeedsTests
{
    private const string LibStdCxx = "libstdc++.so.6";
    private const string Needed = "GLIBCXX_3.4.32";
    private const string NativeInPackage = "runtimes/linux-x64/native/libLibTorchSharp.so";

    private static string PackageFolder
    {
        get
        {
            string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
                ? custom
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return Path.Combine(root, "torchsharp", "0.107.0");
        }
    }

    /// <summary>libLibTorchSharp.so exactly as TorchSharp ships it, read from the .nupkg (never patched).</summary>
    private static byte[] OriginalLibrary()
    {
        string nupkg = Path.Combine(PackageFolder, "torchsharp.0.107.0.nupkg");
        Assert.True(File.Exists(nupkg), $"{nupkg} is missing: restore the solution first");
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.GetEntry(NativeInPackage) ?? throw new InvalidDataException($"{NativeInPackage} is not in {nupkg}");
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static byte[] SystemLibStdCxx()
    {
        string? path = ElfVersionNeeds.FindSystemLibStdCxx();
        Assert.True(path is not null, "no system libstdc++.so.6 found");
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void Read_OriginalLibrary_ListsAStrongGlibcxx3432NeedFromLibStdCxx()
    {
        var needs = ElfVersionNeeds.Read(OriginalLibrary());

        var need = Assert.Single(needs, n => n.Library == LibStdCxx && n.Version == Needed);
        Assert.False(need.IsWeak);
        Assert.Contains(needs, n => n.Library == LibStdCxx && n.Version == "GLIBCXX_3.4");
        Assert.Contains(needs, n => n.Library.StartsWith("libc.so", StringComparison.Ordinal) && n.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal));
        Assert.All(needs, n => Assert.False(n.IsWeak, $"{n.Library} {n.Version}"));
    }

    [Fact]
    public void Weaken_OriginalLibrary_MarksOnlyThatNeedWeakByChangingOnlyItsFlagBytes()
    {
        byte[] original = OriginalLibrary();
        byte[] patched = (byte[])original.Clone();
        var before = ElfVersionNeeds.Read(original);

        Assert.True(ElfVersionNeeds.Weaken(patched, LibStdCxx, Needed));

        var after = ElfVersionNeeds.Read(patched);
        Assert.Equal(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
        {
            bool target = before[i].Library == LibStdCxx && before[i].Version == Needed;
            Assert.Equal((before[i].Library, before[i].Version), (after[i].Library, after[i].Version));
            Assert.Equal(target, after[i].IsWeak);
            Assert.Equal(target ? (ushort)(before[i].Flags | ElfVersionNeeds.VerFlagWeak) : before[i].Flags, after[i].Flags);
        }

        long flags = before.Single(n => n.Version == Needed).FlagsOffset;
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Equal(original.Length, patched.Length);
        Assert.NotEmpty(changed);
        Assert.All(changed, i => Assert.InRange((long)i, flags, flags + 1));
    }

    [Fact]
    public void Weaken_Twice_SecondCallChangesNothing()
    {
        byte[] bytes = OriginalLibrary();
        Assert.True(ElfVersionNeeds.Weaken(bytes, LibStdCxx, Needed));
        byte[] once = (byte[])bytes.Clone();

        Assert.False(ElfVersionNeeds.Weaken(bytes, LibStdCxx, Needed));
        Assert.Equal(once, bytes);
    }

    [Fact]
    public void Weaken_AbsentVersion_ReturnsFalseAndChangesNothing()
    {
        byte[] bytes = OriginalLibrary();
        byte[] copy = (byte[])bytes.Clone();

        Assert.False(ElfVersionNeeds.Weaken(bytes, LibStdCxx, "GLIBCXX_3.4.99"));
        Assert.False(ElfVersionNeeds.Weaken(bytes, "libnothing.so.1", Needed));
        Assert.Equal(copy, bytes);
    }

    [Fact]
    public void Read_NonElfBytes_ThrowsInvalidDataException()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(new byte[128]));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(System.Text.Encoding.ASCII.GetBytes("#!/bin/sh\necho not an ELF file, just long enough to pass the size check......\n")));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read([0x7f, (byte)'E', (byte)'L', (byte)'F']));
        byte[] elf32 = new byte[64];
        elf32[0] = 0x7f; elf32[1] = (byte)'E'; elf32[2] = (byte)'L'; elf32[3] = (byte)'F'; elf32[4] = 1; elf32[5] = 1;
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(elf32));
    }

    [Fact]
    public void DefinesVersion_SystemLibStdCxx_KnowsRealVersionsOnly()
    {
        byte[] libstdcxx = SystemLibStdCxx();

        Assert.True(ElfVersionNeeds.DefinesVersion(libstdcxx, "GLIBCXX_3.4.30"));
        Assert.False(ElfVersionNeeds.DefinesVersion(libstdcxx, "GLIBCXX_3.4.99"));
        Assert.False(ElfVersionNeeds.DefinesVersion(libstdcxx, "GLIBCXX_3.4.3000"));   // a prefix of a real one is not enough
    }

    [Fact]
    public void NuGetCacheCopy_IsLoadableWithTheSystemLibStdCxx()
    {
        // What the build applied: every strong libstdc++ need of the copy notebooks load is one the system defines,
        // so GLIBCXX_3.4.32 is weak wherever the system lacks it (Debian 12) and may stay strong where it has it.
        string cached = Path.Combine(PackageFolder, NativeInPackage);
        Assert.True(File.Exists(cached), $"{cached} is missing: restore the solution first");
        byte[] libstdcxx = SystemLibStdCxx();

        var needs = ElfVersionNeeds.Read(File.ReadAllBytes(cached)).Where(n => n.Library == LibStdCxx).ToList();

        Assert.Contains(needs, n => n.Version == Needed);
        Assert.All(needs.Where(n => !n.IsWeak), n => Assert.True(ElfVersionNeeds.DefinesVersion(libstdcxx, n.Version),
            $"{cached} needs {n.Version}, which the system libstdc++ lacks, and the need is not weak"));
        if (!ElfVersionNeeds.DefinesVersion(libstdcxx, Needed))
            Assert.True(needs.Single(n => n.Version == Needed).IsWeak, $"the system lacks {Needed}: the build must have made the need weak");
    }
}
