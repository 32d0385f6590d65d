// Weakens one symbol-version need in an ELF shared library so that an older libstdc++ can load it.
//
// Why: TorchSharp 0.107.0's libLibTorchSharp.so lists GLIBCXX_3.4.32 (GCC 13) among the versions it needs
// from libstdc++.so.6. Debian 12 ships libstdc++ up to GLIBCXX_3.4.30, so the loader refuses the library.
// The only symbol bound to that version is _ZSt21ios_base_library_initv, GCC 13's iostream-init anchor,
// and no relocation refers to it, so the need is not real. Marking the Elf64_Vernaux entry VER_FLG_WEAK
// makes the dynamic loader accept a missing version instead of failing (see docs/notebook-format.md §0.2
// of the course research notes, and the ELF gABI "Symbol Versioning" section, vna_flags).
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory as the task WeakenGlibcxxNeed
// (tools/msbuild/LibTorchSharpGlibcxxFix.targets), and by the test project with GLIBCXX_FIX_TESTS defined,
// which leaves the MSBuild task out and tests ElfVersionNeeds directly.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LlmCourse.Build
{
    /// <summary>Reads and edits the version needs (.gnu.version_r) of a little-endian ELF64 file.</summary>
    public static class ElfVersionNeeds
    {
        /// <summary>vna_flags bit meaning "a missing version is not an error".</summary>
        public const ushort VerFlagWeak = 0x2;

        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>One Elf64_Vernaux entry: a version required from a library.</summary>
        public sealed class Need
        {
            public Need(string library, string version, ushort flags, long flagsOffset)
            {
                Library = library;
                Version = version;
                Flags = flags;
                FlagsOffset = flagsOffset;
            }

            public string Library { get; }
            public string Version { get; }
            public ushort Flags { get; }
            /// <summary>File offset of the 2-byte vna_flags field.</summary>
            public long FlagsOffset { get; }
            public bool IsWeak => (Flags & VerFlagWeak) != 0;
        }

        /// <summary>Lists every version need in the file. Throws InvalidDataException when it is not ELF64 LE.</summary>
        public static List<Need> Read(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

            long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
            int shentsize = BitConverter.ToUInt16(elf, 0x3A);
            int shnum = BitConverter.ToUInt16(elf, 0x3C);
            var needs = new List<Need>();
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                uint type = BitConverter.ToUInt32(elf, (int)sh + 4);
                if (type != ShtGnuVerneed)
                    continue;
                long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
                int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);  // index of the string table
                int count = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C); // number of Elf64_Verneed entries
                long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);

                long vn = offset;
                for (int n = 0; n < count; n++)
                {
                    // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
                    int auxCount = BitConverter.ToUInt16(elf, (int)vn + 2);
                    string file = ReadString(elf, strtab + BitConverter.ToUInt32(elf, (int)vn + 4));
                    long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        string name = ReadString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                        needs.Add(new Need(file, name, flags, aux + 4));
                        aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                    }
                    vn += BitConverter.ToUInt32(elf, (int)vn + 12);
                }
            }
            return needs;
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on the need for <paramref name="version"/> from <paramref name="library"/>.
        /// Returns true when the bytes changed, false when the need is absent or already weak.
        /// </summary>
        public static bool Weaken(byte[] elf, string library, string version)
        {
            foreach (var need in Read(elf))
            {
                if (need.Library != library || need.Version != version || need.IsWeak)
                    continue;
                ushort flags = (ushort)(need.Flags | VerFlagWeak);
                elf[need.FlagsOffset] = (byte)(flags & 0xff);
                elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                return true;
            }
            return false;
        }

        /// <summary>True when a libstdc++ image defines the version string (for example GLIBCXX_3.4.32).</summary>
        public static bool DefinesVersion(byte[] library, string version)
        {
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            return IndexOf(library, needle) >= 0;
        }

        /// <summary>The system libstdc++.so.6 the dynamic loader would pick on common Linux layouts, or null.</summary>
        public static string? FindSystemLibStdCxx()
        {
            string[] candidates =
            {
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/usr/lib64/libstdc++.so.6",
                "/usr/lib/libstdc++.so.6",
            };
            foreach (var path in candidates)
                if (File.Exists(path))
                    return path;
            return null;
        }

        private static string ReadString(byte[] elf, long offset)
        {
            long end = offset;
            while (elf[end] != 0)
                end++;
            return Encoding.ASCII.GetString(elf, (int)offset, (int)(end - offset));
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack[i] != needle[0])
                    continue;
                int j = 1;
                while (j < needle.Length && haystack[i + j] == needle[j])
                    j++;
                if (j == needle.Length)
                    return i;
            }
            return -1;
        }
    }

#if !GLIBCXX_FIX_TESTS
    /// <summary>MSBuild task: weakens the GLIBCXX need of each file, only when the system libstdc++ lacks it.</summary>
    public class WeakenGlibcxxNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        public override bool Execute()
        {
            string? system = ElfVersionNeeds.FindSystemLibStdCxx();
            if (system == null)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "No system libstdc++.so.6 found; nothing to patch.");
                return true;
            }
            if (ElfVersionNeeds.DefinesVersion(File.ReadAllBytes(system), Version))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{system} defines {Version}; no patch needed.");
                return true;
            }
            foreach (var item in Files)
            {
                string path = item.ItemSpec;
                if (!File.Exists(path))
                    continue;
                try
                {
                    byte[] bytes = File.ReadAllBytes(path);
                    if (!ElfVersionNeeds.Weaken(bytes, "libstdc++.so.6", Version))
                        continue;
                    // Write beside, then rename: a half-written library must never be left behind.
                    string temp = path + ".glibcxx-tmp";
                    File.WriteAllBytes(temp, bytes);
                    File.Replace(temp, path, null);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        $"Weakened the {Version} need of {path} ({system} lacks it; see README, Troubleshooting).");
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    Log.LogWarning($"Could not patch {path}: {e.Message}. TorchSharp will fail to load from this copy; see README, Troubleshooting.");
                }
            }
            return true;
        }
    }
#endif
}
