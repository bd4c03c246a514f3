using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace FoscamPS.Fleet.Store
{
    /// <summary>
    /// The persistent camera registry (<c>registry.xml</c>): names, addresses, tags, expected camera id, learnt
    /// auth scheme, user name and a credential reference. It holds no secret. Every change is a locked
    /// read-modify-write with an atomic replace; the previous good file is kept as <c>registry.xml.bak</c>.
    /// A file that cannot be parsed raises <see cref="CamStoreException"/> (<c>RegistryCorrupt</c>) and is never
    /// overwritten. Thread-safe; instances are cheap (no cache: every call reads the file).
    /// </summary>
    public sealed class CamRegistry
    {
        internal const int FormatVersion = 1;
        private const string RootName = "FoscamPSRegistry";
        private const string CameraName = "Camera";
        private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

        private readonly StoreFile _file;

        public CamRegistry(CamConfigLocation location)
        {
            Location = location ?? throw new ArgumentNullException(nameof(location));
            _file = StoreFile.Create(location, CamConfigLocation.RegistryFileName, "camera registry", CamStoreErrorId.RegistryCorrupt, DefaultLockTimeout);
        }

        public CamConfigLocation Location { get; }

        /// <summary>Full path of <c>registry.xml</c>; null in memory.</summary>
        public string? FilePath => Location.RegistryPath;

        public bool IsPersistent => _file.IsPersistent;

        /// <summary>How long a change waits for another process's lock (default 10 s).</summary>
        internal TimeSpan LockTimeout
        {
            get => (_file as DiskStoreFile)?.LockTimeout ?? DefaultLockTimeout;
            set
            {
                if (_file is DiskStoreFile disk) disk.LockTimeout = value;
            }
        }

        /// <summary>The entry with that name (case-insensitive), or null.</summary>
        public CamRegistryEntry? Get(string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            string key = name.Trim();
            return Load(_file.Read()).FirstOrDefault(e => string.Equals(e.Name, key, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>
        /// Entries whose name matches <paramref name="namePattern"/> (PowerShell wildcards; null or empty = all) and
        /// that carry every tag in <paramref name="tags"/> (each may be a wildcard pattern, matched case-insensitively
        /// against the entry's tags). Sorted by name.
        /// </summary>
        public IReadOnlyList<CamRegistryEntry> Find(string? namePattern = null, IEnumerable<string>? tags = null)
        {
            string? pattern = string.IsNullOrWhiteSpace(namePattern) ? null : namePattern!.Trim();
            if (pattern != null && CamWildcard.Validate(pattern) is string bad) throw new ArgumentException(bad, nameof(namePattern));
            var tagPatterns = (tags ?? Enumerable.Empty<string>()).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
            foreach (string t in tagPatterns)
                if (CamWildcard.Validate(t) is string badTag) throw new ArgumentException(badTag, nameof(tags));

            return Load(_file.Read())
                .Where(e => pattern is null || CamWildcard.IsMatch(e.Name, pattern))
                .Where(e => tagPatterns.All(tp => e.Tags.Any(tag => CamWildcard.IsMatch(tag, tp))))
                .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        /// <summary>
        /// Adds <paramref name="entry"/> (validated and normalised; Created/Modified set). Throws
        /// <c>CameraAlreadyRegistered</c> when the name exists, unless <paramref name="overwrite"/> (which keeps
        /// the original Created). Returns the stored copy.
        /// </summary>
        public CamRegistryEntry Add(CamRegistryEntry entry, bool overwrite = false)
        {
            if (entry is null) throw new ArgumentNullException(nameof(entry));
            CamRegistryEntry candidate = entry.Clone();
            candidate.NormalizeAndValidate();
            return _file.Transact(content =>
            {
                List<CamRegistryEntry> entries = Load(content, out List<XElement> extra);
                int index = entries.FindIndex(e => string.Equals(e.Name, candidate.Name, StringComparison.OrdinalIgnoreCase));
                DateTimeOffset now = Now();
                candidate.Modified = now;
                candidate.Created = now;
                if (index >= 0)
                {
                    if (!overwrite) throw AlreadyRegistered(candidate.Name);
                    candidate.Created = entries[index].Created;
                    candidate.Unknown = entries[index].Unknown; // what a later FoscamPS stored survives an overwrite
                    entries[index] = candidate;
                }
                else
                {
                    entries.Add(candidate);
                }
                return (Save(entries, extra), candidate.Clone());
            });
        }

        /// <summary>
        /// Applies <paramref name="change"/> to a copy of the entry under the lock, validates, stamps Modified and
        /// saves. The delegate must not rename (use <see cref="Rename"/>) and should be quick (the lock is held).
        /// Throws <c>CameraNotRegistered</c> when absent. Returns the stored copy.
        /// </summary>
        public CamRegistryEntry Update(string name, Action<CamRegistryEntry> change)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (change is null) throw new ArgumentNullException(nameof(change));
            string key = name.Trim();
            return _file.Transact(content =>
            {
                List<CamRegistryEntry> entries = Load(content, out List<XElement> extra);
                int index = entries.FindIndex(e => string.Equals(e.Name, key, StringComparison.OrdinalIgnoreCase));
                if (index < 0) throw NotRegistered(key);
                CamRegistryEntry copy = entries[index].Clone();
                string originalName = copy.Name;
                DateTimeOffset created = copy.Created;
                change(copy);
                if (!string.Equals((copy.Name ?? string.Empty).Trim(), originalName, StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException("Update cannot change the camera name; use Rename.", nameof(change));
                copy.Name = originalName;
                copy.NormalizeAndValidate();
                copy.Created = created;
                copy.Modified = Now();
                entries[index] = copy;
                return (Save(entries, extra), copy.Clone());
            });
        }

        /// <summary>Removes the entry; false when it was not there.</summary>
        public bool Remove(string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            string key = name.Trim();
            return _file.Transact(content =>
            {
                List<CamRegistryEntry> entries = Load(content, out List<XElement> extra);
                int removed = entries.RemoveAll(e => string.Equals(e.Name, key, StringComparison.OrdinalIgnoreCase));
                return removed == 0 ? ((byte[]?)null, false) : (Save(entries, extra), true);
            });
        }

        /// <summary>
        /// Renames an entry (a change of case only is allowed). Throws <c>CameraNotRegistered</c> /
        /// <c>CameraAlreadyRegistered</c>. The caller renames the credential record too
        /// (<see cref="CamCredentialStore.Rename"/>).
        /// </summary>
        public CamRegistryEntry Rename(string name, string newName)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (newName is null) throw new ArgumentNullException(nameof(newName));
            string key = name.Trim();
            string target = newName.Trim();
            string? error = CamRegistryEntry.ValidateName(target);
            if (error != null) throw new ArgumentException(error, nameof(newName));
            return _file.Transact(content =>
            {
                List<CamRegistryEntry> entries = Load(content, out List<XElement> extra);
                int index = entries.FindIndex(e => string.Equals(e.Name, key, StringComparison.OrdinalIgnoreCase));
                if (index < 0) throw NotRegistered(key);
                int clash = entries.FindIndex(e => string.Equals(e.Name, target, StringComparison.OrdinalIgnoreCase));
                if (clash >= 0 && clash != index) throw AlreadyRegistered(target);
                CamRegistryEntry copy = entries[index].Clone();
                copy.Name = target;
                copy.Modified = Now();
                entries[index] = copy;
                return (Save(entries, extra), copy.Clone());
            });
        }

        private static DateTimeOffset Now()
        {
            // whole milliseconds: what the file keeps
            var now = DateTimeOffset.UtcNow;
            return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        }

        private CamStoreException NotRegistered(string name) =>
            new CamStoreException(CamStoreErrorId.CameraNotRegistered, CamStoreErrorKind.NotFound,
                $"No camera named '{name}' is registered.", "Check the name with Get-CamRegistration, or register it with Register-Cam.",
                FilePath, name);

        private CamStoreException AlreadyRegistered(string name) =>
            new CamStoreException(CamStoreErrorId.CameraAlreadyRegistered, CamStoreErrorKind.AlreadyExists,
                $"A camera named '{name}' is already registered.", "Choose another name, change the existing registration with Set-CamRegistration, or use -Force to replace it.",
                FilePath, name);

        // ---- XML ----------------------------------------------------------------------------------------------

        private CamStoreException Corrupt(string problem, Exception? inner = null)
        {
            string path = _file.Display;
            string bak = path + ".bak";
            return new CamStoreException(CamStoreErrorId.RegistryCorrupt, CamStoreErrorKind.Corrupt,
                $"The camera registry '{path}' cannot be read: {problem}. It was not changed and no entry was dropped.",
                _file.IsPersistent
                    ? $"Restore the previous version (Copy-Item '{bak}' '{path}'), fix the file by hand, or move it aside to start an empty registry."
                    : "Restart the session to get an empty in-memory registry.",
                path, null, inner);
        }

        private List<CamRegistryEntry> Load(byte[]? content) => Load(content, out _);

        /// <summary>
        /// Parses the registry. Elements and attributes this version does not know (written by a later FoscamPS or
        /// by hand) are kept — root-level ones in <paramref name="extra"/>, per-camera ones on the entry — and
        /// written back unchanged by <see cref="Save"/>, so a rewrite never drops them.
        /// </summary>
        private List<CamRegistryEntry> Load(byte[]? content, out List<XElement> extra)
        {
            var entries = new List<CamRegistryEntry>();
            extra = new List<XElement>();
            if (content is null) return entries;
            XDocument doc;
            try
            {
                var settings = new XmlReaderSettings
                {
                    DtdProcessing = DtdProcessing.Prohibit,
                    XmlResolver = null,
                    MaxCharactersInDocument = StoreFile.MaxBytes,
                    IgnoreComments = true,
                };
                using (var ms = new MemoryStream(content, writable: false))
                using (var reader = XmlReader.Create(ms, settings))
                    doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
            }
            catch (XmlException e)
            {
                throw Corrupt($"it is not well-formed XML ({e.Message})", e);
            }

            XElement? root = doc.Root;
            if (root is null || root.Name.LocalName != RootName || root.Name.Namespace != XNamespace.None)
                throw Corrupt($"the root element is not <{RootName}>");
            string? versionText = (string?)root.Attribute("version");
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
                throw Corrupt("the version attribute of the root element is missing or not a number");
            if (version > FormatVersion)
            {
                string path = _file.Display;
                throw new CamStoreException(CamStoreErrorId.RegistryVersionUnsupported, CamStoreErrorKind.Unsupported,
                    $"The camera registry '{path}' was written by a newer FoscamPS (format {version}; this version reads {FormatVersion}). It was not changed.",
                    "Update the FoscamPS module, or point FOSCAMPS_CONFIG_DIR elsewhere.", path);
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (XElement el in root.Elements())
            {
                if (el.Name.LocalName != CameraName || el.Name.Namespace != XNamespace.None)
                {
                    extra.Add(new XElement(el)); // unknown elements from a later minor revision: kept as they are
                    continue;
                }
                string where = "the <Camera> element at line " + ((IXmlLineInfo)el).LineNumber.ToString(CultureInfo.InvariantCulture);
                var entry = new CamRegistryEntry();
                try
                {
                    entry.Name = (string?)el.Attribute("name") ?? string.Empty;
                    entry.Address = (string?)el.Element("Address") ?? string.Empty;
                    entry.UserName = (string?)el.Element("UserName");
                    entry.ExpectedCameraId = (string?)el.Element("ExpectedCameraId");
                    entry.AuthScheme = (string?)el.Element("AuthScheme");
                    entry.Description = (string?)el.Element("Description");
                    entry.Tags = el.Element("Tags")?.Elements("Tag").Select(t => t.Value).ToArray() ?? new string[0];
                    XElement? cred = el.Element("Credential");
                    if (cred != null)
                    {
                        string kindText = (string?)cred.Attribute("kind") ?? "None";
                        if (!Enum.TryParse(kindText, ignoreCase: false, out CamCredentialKind kind) || !Enum.IsDefined(typeof(CamCredentialKind), kind))
                            throw new ArgumentException($"unknown credential kind '{kindText}'");
                        entry.CredentialRef = CamCredentialRef.Create(kind, (string?)cred.Attribute("vault"), (string?)cred.Attribute("secret"));
                    }
                    entry.Created = ParseTime((string?)el.Attribute("created"));
                    entry.Modified = ParseTime((string?)el.Attribute("modified"));
                    var unknown = new List<XObject>();
                    unknown.AddRange(el.Attributes().Where(a => !KnownAttributes.Contains(a.Name.LocalName) || a.Name.Namespace != XNamespace.None).Select(a => new XAttribute(a)));
                    unknown.AddRange(el.Elements().Where(c => !KnownElements.Contains(c.Name.LocalName) || c.Name.Namespace != XNamespace.None).Select(c => new XElement(c)));
                    entry.Unknown = unknown.Count == 0 ? null : unknown.ToArray();
                    entry.NormalizeAndValidate();
                }
                catch (Exception e) when (e is ArgumentException || e is FormatException)
                {
                    throw Corrupt($"{where} is invalid ({e.Message})", e);
                }
                if (!seen.Add(entry.Name))
                    throw Corrupt($"the name '{entry.Name}' appears twice ({where})");
                entries.Add(entry);
            }
            return entries;
        }

        private static DateTimeOffset ParseTime(string? text)
        {
            if (string.IsNullOrEmpty(text)) return DateTimeOffset.MinValue;
            return DateTimeOffset.ParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
        }

        private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);

        private static readonly HashSet<string> KnownAttributes = new HashSet<string>(StringComparer.Ordinal) { "name", "created", "modified" };
        private static readonly HashSet<string> KnownElements = new HashSet<string>(StringComparer.Ordinal)
            { "Address", "UserName", "ExpectedCameraId", "AuthScheme", "Credential", "Tags", "Description" };

        private static byte[] Save(List<CamRegistryEntry> entries, List<XElement>? extra = null)
        {
            var root = new XElement(RootName, new XAttribute("version", FormatVersion));
            foreach (CamRegistryEntry e in entries.OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase))
            {
                var el = new XElement(CameraName,
                    new XAttribute("name", e.Name),
                    new XAttribute("created", FormatTime(e.Created)),
                    new XAttribute("modified", FormatTime(e.Modified)),
                    new XElement("Address", e.Address));
                if (e.UserName != null) el.Add(new XElement("UserName", e.UserName));
                if (e.ExpectedCameraId != null) el.Add(new XElement("ExpectedCameraId", e.ExpectedCameraId));
                if (e.AuthScheme != null) el.Add(new XElement("AuthScheme", e.AuthScheme));
                var cred = new XElement("Credential", new XAttribute("kind", e.CredentialRef.Kind.ToString()));
                if (e.CredentialRef.Vault != null) cred.Add(new XAttribute("vault", e.CredentialRef.Vault));
                if (e.CredentialRef.SecretName != null) cred.Add(new XAttribute("secret", e.CredentialRef.SecretName));
                el.Add(cred);
                if (e.Tags.Length > 0) el.Add(new XElement("Tags", e.Tags.Select(t => new XElement("Tag", t))));
                if (e.Description != null) el.Add(new XElement("Description", e.Description));
                if (e.Unknown != null)
                {
                    foreach (XObject o in e.Unknown)
                    {
                        if (o is XAttribute a) el.Add(new XAttribute(a));
                        else if (o is XElement x) el.Add(new XElement(x));
                    }
                }
                root.Add(el);
            }
            if (extra != null)
            {
                foreach (XElement x in extra) root.Add(new XElement(x));
            }

            var settings = new XmlWriterSettings
            {
                Encoding = new UTF8Encoding(false),
                Indent = true,
                NewLineChars = "\n",
                NewLineHandling = NewLineHandling.Entitize,
            };
            using (var ms = new MemoryStream())
            {
                using (var writer = XmlWriter.Create(ms, settings))
                    new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
                return ms.ToArray();
            }
        }
    }
}
