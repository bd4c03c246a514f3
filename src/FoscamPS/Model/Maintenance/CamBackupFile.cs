using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace FoscamPS.Model
{
    /// <summary>
    /// What Backup-CamConfig records next to each params.bin, in <c>&lt;file&gt;.xml</c> (no secrets): where the backup came
    /// from and its SHA-256, so a restore can check integrity and origin from the file alone.
    /// </summary>
    public sealed class CamBackupManifest
    {
        public const string Suffix = ".xml";

        public string? CameraName { get; set; }
        public string? Address { get; set; }
        public string? CameraId { get; set; }
        public Version? SystemVersion { get; set; }
        public Version? WebUiVersion { get; set; }
        public DateTimeOffset? TakenAt { get; set; }
        public long Length { get; set; }
        public string Sha256 { get; set; } = "";

        public static string PathFor(string backupPath) => backupPath + Suffix;

        public byte[] ToBytes()
        {
            var doc = new XDocument(new XElement("FoscamPSBackup", new XAttribute("version", 1),
                El("CameraName", CameraName), El("Address", Address), El("CameraId", CameraId),
                El("SystemVersion", SystemVersion?.ToString()), El("WebUiVersion", WebUiVersion?.ToString()),
                El("TakenAt", TakenAt?.ToString("o", CultureInfo.InvariantCulture)),
                El("Length", Length.ToString(CultureInfo.InvariantCulture)), El("Sha256", Sha256)));
            using var ms = new MemoryStream();
            using (var w = new StreamWriter(ms, new UTF8Encoding(false))) doc.Save(w);
            return ms.ToArray();
        }

        private static XElement? El(string name, string? value) => value is null ? null : new XElement(name, value);

        /// <summary>Reads a manifest; null and the reason when it is missing or unreadable. Never throws.</summary>
        public static CamBackupManifest? TryLoad(string path, out string? error)
        {
            error = null;
            try
            {
                if (!File.Exists(path)) return null;
                var info = new FileInfo(path);
                if (info.Length > 64 * 1024)
                {
                    error = $"The backup manifest '{path}' is too large to be one.";
                    return null;
                }
                return Parse(File.ReadAllBytes(path), path, out error);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                error = $"The backup manifest '{path}' cannot be read: {ex.Message}";
                return null;
            }
        }

        /// <summary>Parses manifest bytes (what <see cref="TryLoad"/> read); null and the reason when they are not one. Never throws.</summary>
        internal static CamBackupManifest? Parse(byte[] data, string path, out string? error)
        {
            error = null;
            try
            {
                XElement? root;
                using (var ms = new MemoryStream(data, writable: false))
                using (var reader = System.Xml.XmlReader.Create(ms, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1L << 20 }))
                    root = XDocument.Load(reader).Root;
                if (root is null || root.Name.LocalName != "FoscamPSBackup")
                {
                    error = $"'{path}' is not a FoscamPS backup manifest.";
                    return null;
                }
                string? Get(string n) => root.Element(n)?.Value;
                return new CamBackupManifest
                {
                    CameraName = Get("CameraName"),
                    Address = Get("Address"),
                    CameraId = Get("CameraId"),
                    SystemVersion = Version.TryParse(Get("SystemVersion") ?? "", out var sv) ? sv : null,
                    WebUiVersion = Version.TryParse(Get("WebUiVersion") ?? "", out var wv) ? wv : null,
                    TakenAt = DateTimeOffset.TryParse(Get("TakenAt") ?? "", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null,
                    Length = long.TryParse(Get("Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0,
                    Sha256 = Get("Sha256") ?? "",
                };
            }
            catch (System.Xml.XmlException ex)
            {
                error = $"The backup manifest '{path}' cannot be read: {ex.Message}";
                return null;
            }
        }
    }

    /// <summary>
    /// A params.bin read for an upload (restore_params.cgi, set_factory_params.cgi) with what is known about it: the
    /// hash recorded when it was saved and the camera it came from. The content is opaque (its layout is unpublished).
    /// </summary>
    public sealed class CamBackupFile
    {
        private CamBackupFile(string path, byte[] data)
        {
            Path = path;
            Data = data;
            using var sha = SHA256.Create();
            Sha256 = CamPackageReader.Hex(sha.ComputeHash(data));
        }

        public string Path { get; }
        public string FileName => System.IO.Path.GetFileName(Path);
        internal byte[] Data { get; }
        public long Length => Data.Length;
        /// <summary>SHA-256 of the bytes read now.</summary>
        public string Sha256 { get; }
        /// <summary>The hash recorded when the backup was saved (object, manifest or -Sha256); null when unknown.</summary>
        public string? RecordedSha256 { get; private set; }
        /// <summary>Id (MAC) of the camera the backup came from; null when unknown.</summary>
        public string? SourceCameraId { get; private set; }
        public Version? SourceSystemVersion { get; private set; }
        /// <summary>Where the hash and id came from, for messages.</summary>
        public string? RecordSource { get; private set; }

        /// <summary>
        /// Reads the file and checks it against what was recorded. An explicit hash or id (from the CamBackup object or a
        /// parameter) wins over the manifest next to the file. Returns null and the reason when the file is unusable or
        /// its hash differs from the recorded one. Never throws.
        /// </summary>
        public static CamBackupFile? TryRead(string path, string? recordedSha256, string? sourceCameraId, long maxBytes, out string? error)
        {
            var data = CamLocalFile.TryReadBounded(path, maxBytes, "backup file", "a camera backup", out error);
            if (data is null) return null;
            if (data.Length == 0)
            {
                error = $"The backup file '{path}' is empty.";
                return null;
            }
            var head = Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 6));
            if (head.StartsWith("error", StringComparison.Ordinal) || head.StartsWith("var ", StringComparison.Ordinal))
            {
                error = $"'{path}' holds text, not a camera backup.";
                return null;
            }
            var file = new CamBackupFile(path, data);
            var manifest = CamBackupManifest.TryLoad(CamBackupManifest.PathFor(path), out var manifestError);
            if (manifestError is not null && recordedSha256 is null)
            {
                error = manifestError;
                return null;
            }
            file.RecordedSha256 = Clean(recordedSha256) ?? Clean(manifest?.Sha256);
            file.SourceCameraId = Clean(sourceCameraId)?.ToUpperInvariant() ?? Clean(manifest?.CameraId)?.ToUpperInvariant();
            file.SourceSystemVersion = manifest?.SystemVersion;
            file.RecordSource = recordedSha256 is not null ? "the backup object" : manifest is not null ? $"the manifest {System.IO.Path.GetFileName(CamBackupManifest.PathFor(path))}" : null;
            if (file.RecordedSha256 is not null && !string.Equals(file.RecordedSha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                error = $"The backup file '{path}' is damaged or was changed: its SHA-256 is {file.Sha256}, but {file.RecordSource} recorded {file.RecordedSha256.ToLowerInvariant()}.";
                return null;
            }
            error = null;
            return file;
        }

        private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s!.Trim();
    }
}
