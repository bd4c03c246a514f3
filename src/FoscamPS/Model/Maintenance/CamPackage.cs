using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FoscamPS.Model
{
    /// <summary>What an update package replaces on the camera.</summary>
    public enum CamPackageKind
    {
        /// <summary>System firmware (upgrade_firmware.cgi), named like <c>lr_cmos_11_37_2_56.bin</c>; sys_ver.</summary>
        SystemFirmware,
        /// <summary>Web UI package (upgrade_htmls.cgi), magic BD 9A 0C 44; app_ver.</summary>
        WebUi,
    }

    /// <summary>
    /// An update package read and checked on this machine before anything is sent: its kind, version, size and hash.
    /// Built only by <see cref="CamPackageReader"/>, so an instance is always a package that passed every check.
    /// </summary>
    public sealed class CamPackage
    {
        internal CamPackage(CamPackageKind kind, string fileName, byte[] data, Version version, int entryCount)
        {
            Kind = kind;
            FileName = fileName;
            Data = data;
            Version = version;
            EntryCount = entryCount;
            using var sha = SHA256.Create();
            Sha256 = CamPackageReader.Hex(sha.ComputeHash(data));
        }

        public CamPackageKind Kind { get; }
        /// <summary>File name sent to the camera (the last segment of the path).</summary>
        public string FileName { get; }
        public Version Version { get; }
        public long Length => Data.Length;
        /// <summary>SHA-256 of the file, lower-case hex.</summary>
        public string Sha256 { get; }
        /// <summary>Files and folders in a web UI package (0 for system firmware, which is opaque).</summary>
        public int EntryCount { get; }
        /// <summary>The family a camera must belong to for this package (see <see cref="CamPackageReader.FamilyOf"/>).</summary>
        public string Family => CamPackageReader.FamilyOf(Kind, Version);
        internal byte[] Data { get; }

        public override string ToString() => $"{FileName} ({Kind} {Version})";
    }

    /// <summary>
    /// Reads and validates update packages. No PowerShell types; never throws for a bad package (returns the reason).
    /// Web UI packages are checked as real cameras define them (magic, byte-sum checksum, total size, version, entry
    /// structure). System firmware images are vendor-private, so they are treated as opaque: the file name must be the
    /// vendor's <c>lr_cmos_a_b_c_d.bin</c> (the version comes from it), the size must be plausible, and files that are
    /// clearly something else (a web UI package, a zip archive, a web page, a text error) are refused.
    /// </summary>
    public static class CamPackageReader
    {
        /// <summary>Web UI magic at offset 0.</summary>
        public static readonly byte[] WebUiMagic = { 0xBD, 0x9A, 0x0C, 0x44 };

        public const int WebUiHeaderSize = 16;

        /// <summary>Smallest system firmware image accepted (real images are about 1–2 MiB).</summary>
        public const long MinFirmwareBytes = 64 * 1024;

        /// <summary>Largest system firmware image accepted (the cameras have 4 MiB of flash).</summary>
        public const long MaxFirmwareBytes = 8L << 20;

        /// <summary>Largest web UI package accepted.</summary>
        public const long MaxWebUiBytes = 8L << 20;

        private static readonly Regex FirmwareName = new Regex(@"^lr_cmos_(\d{1,3})_(\d{1,3})_(\d{1,3})_(\d{1,3})\.bin$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>
        /// The compatibility family of a version: for system firmware the first two parts (11.37 = FI8908W/FI8918W
        /// builds, 11.22 = FI8910W builds, 0.37 = Netwave clones); for the web UI the first part (2.x pages). A package
        /// is only ever sent to a camera of its own family.
        /// </summary>
        public static string FamilyOf(CamPackageKind kind, Version version)
        {
            if (version is null) throw new ArgumentNullException(nameof(version));
            return kind == CamPackageKind.SystemFirmware
                ? string.Format(CultureInfo.InvariantCulture, "{0}.{1}", version.Major, version.Minor)
                : version.Major.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The conventional file name of a system firmware version: <c>lr_cmos_a_b_c_d.bin</c>.</summary>
        public static string FirmwareFileNameFor(Version version)
            => string.Format(CultureInfo.InvariantCulture, "lr_cmos_{0}_{1}_{2}_{3}.bin", version.Major, version.Minor, Math.Max(0, version.Build), Math.Max(0, version.Revision));

        /// <summary>Reads a package file (at most the kind's size cap) and validates it.</summary>
        public static bool TryRead(CamPackageKind kind, string path, out CamPackage? package, out string? error)
        {
            package = null;
            long cap = kind == CamPackageKind.SystemFirmware ? MaxFirmwareBytes : MaxWebUiBytes;
            var data = CamLocalFile.TryReadBounded(path, cap, "file", "a " + Describe(kind), out error);
            if (data is null) return false;
            return TryValidate(kind, Path.GetFileName(path), data, out package, out error);
        }

        /// <summary>Validates package bytes. Never throws.</summary>
        public static bool TryValidate(CamPackageKind kind, string fileName, byte[] data, out CamPackage? package, out string? error)
        {
            package = null;
            if (data is null || data.Length == 0)
            {
                error = $"The {Describe(kind)} '{fileName}' is empty.";
                return false;
            }
            error = kind == CamPackageKind.WebUi
                ? CheckWebUi(fileName, data, out var version, out var entries)
                : CheckFirmware(fileName, data, out version, out entries);
            if (error is not null) return false;
            package = new CamPackage(kind, fileName, data, version!, entries);
            return true;
        }

        private static string Describe(CamPackageKind kind) => kind == CamPackageKind.WebUi ? "web UI package" : "system firmware image";

        /// <summary>What a file that is not the expected kind looks like, or null.</summary>
        private static string? Foreign(CamPackageKind expected, byte[] d)
        {
            if (expected != CamPackageKind.WebUi && StartsWith(d, WebUiMagic))
                return "it is a web UI package (magic BD 9A 0C 44); send it with Update-CamWebUI";
            if (StartsWith(d, new byte[] { 0x50, 0x4B, 0x03, 0x04 }) || StartsWith(d, new byte[] { 0x50, 0x4B, 0x05, 0x06 }))
                return "it is a zip archive; extract the .bin file from it first";
            if (StartsWith(d, new byte[] { 0x1F, 0x8B }))
                return "it is a gzip archive; extract the .bin file from it first";
            if (StartsWith(d, new byte[] { 0x52, 0x61, 0x72, 0x21 }))
                return "it is a RAR archive; extract the .bin file from it first";
            var head = Encoding.ASCII.GetString(d, 0, Math.Min(d.Length, 64)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
            if (head.StartsWith("<!doctype", StringComparison.Ordinal) || head.StartsWith("<html", StringComparison.Ordinal) || head.StartsWith("<?xml", StringComparison.Ordinal))
                return "it is a web page or XML document, not a camera image (a download that went wrong?)";
            if (head.StartsWith("error", StringComparison.Ordinal) || head.StartsWith("var ", StringComparison.Ordinal))
                return "it is a text answer of a camera, not an image";
            return null;
        }

        private static string? CheckFirmware(string fileName, byte[] d, out Version? version, out int entries)
        {
            version = null;
            entries = 0;
            var m = FirmwareName.Match(fileName ?? "");
            if (!m.Success)
                return $"The system firmware file name '{fileName}' is not the vendor's 'lr_cmos_<a>_<b>_<c>_<d>.bin' (for example lr_cmos_11_37_2_56.bin); the version is read from it, so a renamed file is refused.";
            var parts = new int[4];
            for (var i = 0; i < 4; i++)
            {
                parts[i] = int.Parse(m.Groups[i + 1].Value, CultureInfo.InvariantCulture);
                if (parts[i] > 255) return $"The version in the file name '{fileName}' has a part above 255.";
            }
            var foreign = Foreign(CamPackageKind.SystemFirmware, d);
            if (foreign is not null) return $"'{fileName}' is not a system firmware image: {foreign}.";
            if (d.Length < MinFirmwareBytes)
                return $"The system firmware image '{fileName}' is {d.Length} bytes; real images are at least {MinFirmwareBytes} bytes (truncated download?).";
            if (d.Length > MaxFirmwareBytes)
                return $"The system firmware image '{fileName}' is {d.Length} bytes; at most {MaxFirmwareBytes} bytes fit the camera.";
            version = new Version(parts[0], parts[1], parts[2], parts[3]);
            return null;
        }

        private static string? CheckWebUi(string fileName, byte[] d, out Version? version, out int entries)
        {
            version = null;
            entries = 0;
            if (d.Length < WebUiHeaderSize)
                return $"The web UI package '{fileName}' is {d.Length} bytes; its header alone is {WebUiHeaderSize}.";
            if (!StartsWith(d, WebUiMagic))
            {
                var foreign = Foreign(CamPackageKind.WebUi, d);
                return $"'{fileName}' is not a web UI package: " + (foreign ?? $"bad magic {d[0]:X2} {d[1]:X2} {d[2]:X2} {d[3]:X2} (expected BD 9A 0C 44; a system firmware image goes to Update-CamFirmware)") + ".";
            }
            if (d.Length > MaxWebUiBytes)
                return $"The web UI package '{fileName}' is {d.Length} bytes; at most {MaxWebUiBytes} bytes are accepted.";
            uint total = ReadUInt32(d, 8);
            if (total != (uint)d.Length)
                return total > (uint)d.Length
                    ? $"The web UI package '{fileName}' is truncated: its header declares {total} bytes but the file has {d.Length}."
                    : $"The web UI package '{fileName}' has {d.Length - total} unexpected bytes after its declared size of {total}.";
            uint stored = ReadUInt32(d, 4);
            uint sum = 0;
            for (var i = 12; i < d.Length; i++) sum += d[i];
            if (stored != sum)
                return $"The web UI package '{fileName}' is corrupted: its checksum is 0x{stored:X8} but the bytes sum to 0x{sum:X8}.";
            var structure = CheckEntries(d, out entries);
            if (structure is not null) return $"The web UI package '{fileName}' is damaged: {structure}";
            version = new Version(d[12], d[13], d[14], d[15]);
            return null;
        }

        private static string? CheckEntries(byte[] d, out int count)
        {
            count = 0;
            var names = new HashSet<string>(StringComparer.Ordinal);
            var pos = WebUiHeaderSize;
            while (pos < d.Length)
            {
                if (d.Length - pos < 5) return $"entry {count} is cut short.";
                var nameLength = ReadUInt32(d, pos);
                pos += 4;
                if (nameLength == 0 || nameLength > 255) return $"entry {count} has an invalid name length {nameLength}.";
                if ((uint)(d.Length - pos) < nameLength + 1) return $"entry {count} is cut short.";
                for (var i = 0; i < nameLength; i++)
                {
                    var b = d[pos + i];
                    if (b < 0x20 || b > 0x7E || b == (byte)'\\') return $"entry {count} has a name with the byte 0x{b:X2}.";
                }
                var name = Encoding.ASCII.GetString(d, pos, (int)nameLength);
                pos += (int)nameLength;
                if (name[0] == '/' || Array.Exists(name.Split('/'), s => s.Length == 0 || s == "." || s == ".."))
                    return $"entry '{name}' is not a plain relative path.";
                if (!names.Add(name)) return $"entry '{name}' appears twice.";
                var type = d[pos++];
                if (type == 1)
                {
                    if (d.Length - pos < 4) return $"entry '{name}' is cut short.";
                    var size = ReadUInt32(d, pos);
                    pos += 4;
                    if (size > (uint)(d.Length - pos)) return $"file '{name}' declares {size} bytes but only {d.Length - pos} remain.";
                    pos += (int)size;
                }
                else if (type != 0)
                {
                    return $"entry '{name}' has an unknown type {type}.";
                }
                count++;
            }
            return count == 0 ? "it has no entries." : null;
        }

        private static bool StartsWith(byte[] d, byte[] prefix)
        {
            if (d.Length < prefix.Length) return false;
            for (var i = 0; i < prefix.Length; i++) if (d[i] != prefix[i]) return false;
            return true;
        }

        private static uint ReadUInt32(byte[] d, int offset)
            => (uint)(d[offset] | d[offset + 1] << 8 | d[offset + 2] << 16 | d[offset + 3] << 24);

        internal static string Hex(byte[] hash)
        {
            var sb = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
