using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security;
using FoscamPS.Protocol;

namespace FoscamPS.Fleet.Store
{
    /// <summary>Metadata of one stored credential (no secret; read without the key).</summary>
    public sealed class CamCredentialRecordInfo
    {
        internal CamCredentialRecordInfo(string recordId, string address)
        {
            RecordId = recordId;
            Address = address;
        }

        /// <summary>The registry name the record belongs to.</summary>
        public string RecordId { get; }

        /// <summary>The camera address the record is bound to (binding form "host:port").</summary>
        public string Address { get; }

        public override string ToString() => RecordId + " → " + Address;
    }

    /// <summary>
    /// FoscamPS's own encrypted credential store (<c>credentials.dat</c>). Each record (user name + password) is
    /// keyed by the registry name (case-insensitive) and bound to the camera address: AES-256-CBC with a fresh
    /// IV, HMAC-SHA256 encrypt-then-MAC over header ‖ record id ‖ address ‖ IV ‖ ciphertext, separate encryption
    /// and MAC keys derived (HKDF-SHA256) from a random 32-byte master key protected by an
    /// <see cref="IMasterKeyProvider"/>. Same locking, atomic replace and .bak rules as the registry.
    /// Thread-safe. Dispose to clear the cached key material.
    /// </summary>
    public sealed class CamCredentialStore : IDisposable
    {
        private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

        private readonly StoreFile _file;
        private readonly object _cacheGate = new object();
        private IMasterKeyProvider _provider;
        private byte[]? _cachedProtectedKey;
        private StoreCrypto.StoreKeys? _cachedKeys;
        private bool _disposed;

        /// <param name="location">Where the store lives (in-memory locations keep it in memory).</param>
        /// <param name="keyProvider">Master key protection; null = <see cref="MasterKeyProvider.CreateDefault"/>.</param>
        public CamCredentialStore(CamConfigLocation location, IMasterKeyProvider? keyProvider = null)
        {
            Location = location ?? throw new ArgumentNullException(nameof(location));
            _provider = keyProvider ?? MasterKeyProvider.CreateDefault(location);
            _file = StoreFile.Create(location, CamConfigLocation.CredentialFileName, "credential store", CamStoreErrorId.StoreCorrupt, DefaultLockTimeout);
        }

        public CamConfigLocation Location { get; }

        /// <summary>Full path of <c>credentials.dat</c>; null in memory.</summary>
        public string? FilePath => Location.CredentialStorePath;

        public bool IsPersistent => _file.IsPersistent;

        /// <summary>The provider this instance unlocks and creates the store with.</summary>
        public IMasterKeyProvider KeyProvider => _provider;

        internal TimeSpan LockTimeout
        {
            get => (_file as DiskStoreFile)?.LockTimeout ?? DefaultLockTimeout;
            set
            {
                if (_file is DiskStoreFile disk) disk.LockTimeout = value;
            }
        }

        /// <summary>True when the store file exists.</summary>
        public bool Exists => ReadRaw() != null;

        /// <summary>Protection recorded in the existing store (no key needed); null when there is no store.</summary>
        public CamKeyProtection? StoredProtection
        {
            get
            {
                byte[]? raw = ReadRaw();
                return raw is null ? (CamKeyProtection?)null : ParseFormat(raw).Protection;
            }
        }

        /// <summary>
        /// The form an address is bound in ("host:port", IPv6 bracketed, host lower-case, default port filled in):
        /// two addresses are the same binding when these are equal. Throws <see cref="ArgumentException"/>.
        /// </summary>
        public static string GetBindingAddress(string address)
        {
            if (!CamAddress.TryParse(address, out CamAddress? parsed, out string? error))
                throw new ArgumentException(error, nameof(address));
            string host = parsed.IsIPv6 ? "[" + parsed.Host + "]" : parsed.Host;
            return host + ":" + parsed.Port.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>Stores (or replaces) the credential of <paramref name="recordId"/>, bound to <paramref name="address"/>.</summary>
        public void Set(string recordId, string address, NetworkCredential credential)
        {
            if (credential is null) throw new ArgumentNullException(nameof(credential));
            using (SecureString password = credential.SecurePassword)
                Set(recordId, address, credential.UserName ?? string.Empty, password);
        }

        /// <summary>Stores (or replaces) a user name and password bound to <paramref name="address"/>.</summary>
        public void Set(string recordId, string address, string userName, SecureString password)
        {
            string id = CheckRecordId(recordId);
            string binding = GetBindingAddress(address);
            if (userName is null) throw new ArgumentNullException(nameof(userName));
            if (password is null) throw new ArgumentNullException(nameof(password));
            byte[] plain = StoreCrypto.EncodeCredential(userName, password);
            try
            {
                _file.Transact(content =>
                {
                    using (var session = content is null ? CreateNew() : Open(content, needKey: true))
                    {
                        EnsureWritable(session.Format, id);
                        StoreCrypto.Seal(session.Keys!, id, binding, plain, out byte[] iv, out byte[] ct, out byte[] mac);
                        var existing = session.Format.Find(id);
                        if (existing != null) session.Format.Records.Remove(existing);
                        session.Format.Records.Add(new CredentialStoreFormat.Record { Id = id, Address = binding, Iv = iv, Ciphertext = ct, Mac = mac });
                        return (Seal(session), true);
                    }
                }, CommitGeneration);
            }
            finally
            {
                StoreCrypto.Zero(plain);
            }
        }

        /// <summary>
        /// The credential of <paramref name="recordId"/> for <paramref name="address"/>; false when there is no such
        /// record (or no store). A record bound to another address throws <c>CredentialBindingMismatch</c>; a
        /// modified store throws <c>StoreTampered</c>/<c>StoreCorrupt</c>; key problems throw <c>StoreKey*</c>.
        /// </summary>
        public bool TryGet(string recordId, string address, [NotNullWhen(true)] out NetworkCredential? credential)
        {
            credential = null;
            string id = CheckRecordId(recordId);
            string binding = GetBindingAddress(address);
            byte[]? raw = ReadRaw();
            if (raw is null) return false;
            // Always authenticate the whole file, even when the record looks absent: a record id edited in
            // clear must read as tampering, not as "no credential".
            using (var session = Open(raw, needKey: true))
            {
                var record = session.Format.Find(id);
                if (record is null)
                {
                    if (session.Format.IsDamaged && session.Format.LostRecords) throw DamagedRecord(session.Format, id);
                    return false;
                }
                byte[]? plain = StoreCrypto.Open(session.Keys!, id, binding, record.Iv, record.Ciphertext, record.Mac);
                if (plain is null)
                {
                    if (!string.Equals(record.Address, binding, StringComparison.Ordinal))
                    {
                        throw new CamStoreException(CamStoreErrorId.CredentialBindingMismatch, CamStoreErrorKind.Security,
                            $"The stored credential of '{record.Id}' is bound to the camera address {record.Address}, not {binding}; it was not used.",
                            "If the camera really moved, update the registration (Set-CamRegistration -Address) so the credential is re-bound, " +
                            "or store the credential again for the new address.",
                            _file.Display, record.Id);
                    }
                    throw Tampered($"the record of '{record.Id}' does not verify");
                }
                try
                {
                    credential = StoreCrypto.DecodeCredential(plain) ?? throw Tampered($"the record of '{record.Id}' is malformed");
                    return true;
                }
                finally
                {
                    StoreCrypto.Zero(plain);
                }
            }
        }

        /// <summary>
        /// Proves that this instance's key provider opens the existing store (master key unwrapped, key check and
        /// file authentication verified) — also when the store holds no record. False when there is no store yet;
        /// throws the usual StoreKey*/StorePassphrase*/StoreTampered errors otherwise.
        /// </summary>
        public bool VerifyKey()
        {
            byte[]? raw = ReadRaw();
            if (raw is null) return false;
            using (Open(raw, needKey: true)) return true;
        }

        /// <summary>Record id under which <see cref="ProtectData"/> seals data (never a registry name: '#' is not allowed there).</summary>
        private const string DataRecordId = "#data";

        /// <summary>
        /// Seals data that is not a camera credential (Export-CamConfig -IncludeSecret) with this store's keys:
        /// AES-256-CBC + HMAC-SHA256 like a record, bound to <paramref name="purpose"/>. Only this store (its master key)
        /// opens the result. The store must exist and its key be available (StoreKeyMissing / StorePassphraseRequired …
        /// otherwise); nothing is written to the store.
        /// </summary>
        public byte[] ProtectData(string purpose, byte[] plaintext)
        {
            if (purpose is null) throw new ArgumentNullException(nameof(purpose));
            if (plaintext is null) throw new ArgumentNullException(nameof(plaintext));
            using (var session = Open(RequireRaw(), needKey: true))
            {
                StoreCrypto.Seal(session.Keys!, DataRecordId, purpose, plaintext, out byte[] iv, out byte[] ct, out byte[] mac);
                var result = new byte[1 + iv.Length + mac.Length + ct.Length];
                result[0] = 1;
                Buffer.BlockCopy(iv, 0, result, 1, iv.Length);
                Buffer.BlockCopy(mac, 0, result, 1 + iv.Length, mac.Length);
                Buffer.BlockCopy(ct, 0, result, 1 + iv.Length + mac.Length, ct.Length);
                return result;
            }
        }

        /// <summary>
        /// Opens what <see cref="ProtectData"/> sealed for the same <paramref name="purpose"/>. Throws StoreTampered when
        /// the data does not verify (another store's key, or modified), and the usual key errors.
        /// </summary>
        public byte[] UnprotectData(string purpose, byte[] data)
        {
            if (purpose is null) throw new ArgumentNullException(nameof(purpose));
            const int head = 1 + StoreCrypto.IvSize + StoreCrypto.MacSize;
            using (var session = Open(RequireRaw(), needKey: true))
            {
                if (data is null || data.Length <= head || data[0] != 1)
                    throw new CamStoreException(CamStoreErrorId.StoreTampered, CamStoreErrorKind.Security, "The protected data is malformed.", "Export it again.", _file.Display);
                var iv = new byte[StoreCrypto.IvSize];
                var mac = new byte[StoreCrypto.MacSize];
                var ct = new byte[data.Length - head];
                Buffer.BlockCopy(data, 1, iv, 0, iv.Length);
                Buffer.BlockCopy(data, 1 + iv.Length, mac, 0, mac.Length);
                Buffer.BlockCopy(data, head, ct, 0, ct.Length);
                return StoreCrypto.Open(session.Keys!, DataRecordId, purpose, iv, ct, mac)
                    ?? throw new CamStoreException(CamStoreErrorId.StoreKeyMismatch, CamStoreErrorKind.Security,
                        "The protected data does not open with this credential store's key: it was protected by another store, or modified.",
                        "Use the credential store (and passphrase) it was exported with, or export it again without -IncludeSecret.", _file.Display);
            }
        }

        private byte[] RequireRaw()
            => ReadRaw() ?? throw new CamStoreException(CamStoreErrorId.StoreKeyMissing, CamStoreErrorKind.KeyUnavailable,
                "There is no credential store, so there is no key to protect the secrets with.",
                "Create the store first (Register-Cam -Credential stores a camera's credential and creates it), or leave out -IncludeSecret.", _file.Display);

        /// <summary>True when a record exists for <paramref name="recordId"/> (structure and checksum checked; no key needed).</summary>
        public bool Contains(string recordId)
        {
            string id = CheckRecordId(recordId);
            byte[]? raw = ReadRaw();
            return raw != null && ParseFormat(raw).Find(id) != null;
        }

        /// <summary>Record ids and bound addresses (no key needed; this metadata is not authenticated until a record is read).</summary>
        public IReadOnlyList<CamCredentialRecordInfo> List()
        {
            byte[]? raw = ReadRaw();
            if (raw is null) return new CamCredentialRecordInfo[0];
            return ParseFormat(raw).Records
                .Select(r => new CamCredentialRecordInfo(r.Id, r.Address))
                .OrderBy(r => r.RecordId, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        /// <summary>Removes the record; false when there was none (no key needed in that case).</summary>
        public bool Remove(string recordId)
        {
            string id = CheckRecordId(recordId);
            return _file.Transact(content =>
            {
                if (content is null) return ((byte[]?)null, false);
                var parsed = ParseFormat(content);
                if (!parsed.IsDamaged && parsed.Find(id) is null) return ((byte[]?)null, false);
                using (var session = Open(content, needKey: true))
                {
                    // A damaged record of this camera is removed with it (the way to clear the damage).
                    EnsureWritable(session.Format, id);
                    var record = session.Format.Find(id);
                    bool wasDamaged = session.Format.DamagedIds.Any(d => SameId(d, id));
                    if (record is null && !wasDamaged) return ((byte[]?)null, false);
                    if (record != null) session.Format.Records.Remove(record);
                    return (Seal(session), true);
                }
            }, CommitGeneration);
        }

        /// <summary>
        /// Moves the record to <paramref name="newRecordId"/> (re-encrypted and re-bound under the new id, same
        /// address). Throws <c>CredentialNotFound</c>, or <c>CredentialAlreadyExists</c> unless <paramref name="overwrite"/>.
        /// </summary>
        public void Rename(string recordId, string newRecordId, bool overwrite = false)
        {
            string id = CheckRecordId(recordId);
            string newId = CheckRecordId(newRecordId);
            Reseal(id, (record, format) =>
            {
                var clash = format.Find(newId);
                if (clash != null && !ReferenceEquals(clash, record))
                {
                    if (!overwrite)
                    {
                        throw new CamStoreException(CamStoreErrorId.CredentialAlreadyExists, CamStoreErrorKind.AlreadyExists,
                            $"A stored credential for '{clash.Id}' already exists.", "Remove it first, or overwrite it.", _file.Display, clash.Id);
                    }
                    format.Records.Remove(clash);
                }
                return (newId, record.Address);
            });
        }

        /// <summary>Re-binds the record to <paramref name="newAddress"/> (after the registry address changed).</summary>
        public void Rebind(string recordId, string newAddress)
        {
            string id = CheckRecordId(recordId);
            string binding = GetBindingAddress(newAddress);
            Reseal(id, (record, format) => (record.Id, binding));
        }

        /// <summary>
        /// Re-keys the store under <paramref name="newProvider"/> (new random master key, every record re-encrypted),
        /// then removes the old key file and the backup made under the old key. Without a store, only switches provider.
        /// </summary>
        public void ChangeProtection(IMasterKeyProvider newProvider)
        {
            if (newProvider is null) throw new ArgumentNullException(nameof(newProvider));
            IMasterKeyProvider old = _provider;
            string? oldCounter = GenerationPath;
            _file.Transact(content =>
            {
                if (content is null) return ((byte[]?)null, false);
                using (var oldSession = Open(content, needKey: true))
                using (var newSession = CreateNew(newProvider))
                {
                    EnsureWritable(oldSession.Format, null);
                    foreach (var r in oldSession.Format.Records)
                    {
                        byte[] plain = StoreCrypto.Open(oldSession.Keys!, r.Id, r.Address, r.Iv, r.Ciphertext, r.Mac)
                                       ?? throw Tampered($"the record of '{r.Id}' does not verify");
                        try
                        {
                            StoreCrypto.Seal(newSession.Keys!, r.Id, r.Address, plain, out byte[] iv, out byte[] ct, out byte[] mac);
                            newSession.Format.Records.Add(new CredentialStoreFormat.Record { Id = r.Id, Address = r.Address, Iv = iv, Ciphertext = ct, Mac = mac });
                        }
                        finally
                        {
                            StoreCrypto.Zero(plain);
                        }
                    }
                    return (Seal(newSession, oldSession.Format.Generation), true);
                }
            }, CommitGeneration);
            lock (_cacheGate)
            {
                _provider = newProvider;
                ClearCache();
            }
            // The counter moves with the protection (keys/ is not used by passphrase or DPAPI protection).
            if (oldCounter != null && oldCounter != GenerationPath)
            {
                CommitGeneration();
                TryDelete(oldCounter);
            }
            if (_file is DiskStoreFile disk)
            {
                TryDelete(disk.BackupPath);
                if (old is KeyFileMasterKeyProvider oldKeyFile && newProvider.Protection != CamKeyProtection.KeyFile)
                    TryDelete(oldKeyFile.KeyFilePath);
            }
        }

        /// <summary>
        /// Deletes the store, its backup and (key-file protection) the key file: every stored credential is lost.
        /// The way out of <c>StoreKeyMissing</c>, a lost passphrase or a damaged store.
        /// </summary>
        public void Reset()
        {
            _file.Delete();
            // The counter and any key file left by an earlier protection (also on Windows, where the default is DPAPI).
            if (GenerationPath is string gen) TryDelete(gen);
            if (OtherGenerationPath is string other) TryDelete(other);
            if (!Location.IsInMemory && Location.KeyDirectory is string keys && !(_provider is KeyFileMasterKeyProvider))
                TryDelete(Path.Combine(keys, CamConfigLocation.KeyFileName));
            if (_provider is KeyFileMasterKeyProvider keyFile)
            {
                try
                {
                    keyFile.DeleteKeyFile();
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new CamStoreException(CamStoreErrorId.StoreIoFailed, CamStoreErrorKind.Io,
                        $"The credential store was deleted but its key file '{keyFile.KeyFilePath}' could not be: {e.Message}",
                        "Delete the key file by hand.", keyFile.KeyFilePath, null, e);
                }
            }
            lock (_cacheGate)
                ClearCache();
        }

        public void Dispose()
        {
            lock (_cacheGate)
            {
                ClearCache();
                _disposed = true;
            }
        }

        // ---- internals ----------------------------------------------------------------------------------------

        private void Reseal(string id, Func<CredentialStoreFormat.Record, CredentialStoreFormat, (string Id, string Address)> target)
        {
            _file.Transact(content =>
            {
                CredentialStoreFormat.Record? record = content is null ? null : ParseFormat(content).Find(id);
                if (content is null || record is null)
                {
                    throw new CamStoreException(CamStoreErrorId.CredentialNotFound, CamStoreErrorKind.NotFound,
                        $"No credential is stored for '{id}'.", "Store one first (Register-Cam -Credential / Set-CamRegistration -Credential).",
                        _file.Display, id);
                }
                using (var session = Open(content, needKey: true))
                {
                    EnsureWritable(session.Format, null);
                    record = session.Format.Find(id) ?? throw DamagedRecord(session.Format, id);
                    byte[] plain = StoreCrypto.Open(session.Keys!, record.Id, record.Address, record.Iv, record.Ciphertext, record.Mac)
                                   ?? throw Tampered($"the record of '{record.Id}' does not verify");
                    try
                    {
                        var (newId, newAddress) = target(record, session.Format);
                        StoreCrypto.Seal(session.Keys!, newId, newAddress, plain, out byte[] iv, out byte[] ct, out byte[] mac);
                        session.Format.Records.Remove(record);
                        session.Format.Records.Add(new CredentialStoreFormat.Record { Id = newId, Address = newAddress, Iv = iv, Ciphertext = ct, Mac = mac });
                        return (Seal(session), true);
                    }
                    finally
                    {
                        StoreCrypto.Zero(plain);
                    }
                }
            }, CommitGeneration);
        }

        private byte[]? ReadRaw()
        {
            try
            {
                return _file.Read();
            }
            catch (InvalidDataException e)
            {
                throw CredentialStoreFormat.Corrupt(_file.Display, e.Message);
            }
        }

        private static string CheckRecordId(string recordId)
        {
            if (recordId is null) throw new ArgumentNullException(nameof(recordId));
            string id = recordId.Trim();
            string? error = CamRegistryEntry.ValidateName(id);
            if (error != null) throw new ArgumentException(error, nameof(recordId));
            return id;
        }

        private CamStoreException Tampered(string what) =>
            new CamStoreException(CamStoreErrorId.StoreTampered, CamStoreErrorKind.Security,
                $"The credential store '{_file.Display}' failed its integrity check: {what}. It was modified outside FoscamPS " +
                "(or damaged); no credential was used.",
                $"Restore the previous version (Copy-Item '{_file.Display}.bak' '{_file.Display}') or a backup; or reset the credential store " +
                "and store the camera credentials again. Consider who else can write to this directory.",
                _file.Display);

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(CamCredentialStore));
        }

        private void ClearCache()
        {
            _cachedKeys?.Dispose();
            _cachedKeys = null;
            _cachedProtectedKey = null;
        }

        /// <summary>A parsed store with its keys (disposed after use unless cached).</summary>
        private sealed class Session : IDisposable
        {
            internal Session(CredentialStoreFormat format, StoreCrypto.StoreKeys? keys, bool ownsKeys)
            {
                Format = format;
                Keys = keys;
                OwnsKeys = ownsKeys;
            }

            internal CredentialStoreFormat Format { get; }
            internal StoreCrypto.StoreKeys? Keys { get; }
            private bool OwnsKeys { get; }

            public void Dispose()
            {
                if (OwnsKeys) Keys?.Dispose();
            }
        }

        private Session CreateNew(IMasterKeyProvider? provider = null)
        {
            ThrowIfDisposed();
            provider ??= _provider;
            byte[] master = StoreCrypto.RandomBytes(StoreCrypto.KeySize);
            try
            {
                byte[] protectedKey = provider.Protect(master);
                var keys = new StoreCrypto.StoreKeys(master);
                var format = new CredentialStoreFormat
                {
                    Protection = provider.Protection,
                    ProtectedKey = protectedKey,
                    KeyCheck = keys.KeyCheck,
                };
                return new Session(format, keys, ownsKeys: true);
            }
            finally
            {
                StoreCrypto.Zero(master);
            }
        }

        private Session Open(byte[] content, bool needKey)
        {
            ThrowIfDisposed();
            var format = ParseFormat(content);
            if (!needKey) return new Session(format, null, ownsKeys: false);

            IMasterKeyProvider provider;
            lock (_cacheGate)
                provider = _provider;
            if (format.IsDamaged) return OpenDamaged(format, provider);
            CheckProtection(format, provider);

            bool cacheable = provider.Protection != CamKeyProtection.KeyFile;
            lock (_cacheGate)
            {
                if (cacheable && _cachedKeys != null && _cachedProtectedKey != null &&
                    StoreCrypto.FixedTimeEquals(_cachedProtectedKey, format.ProtectedKey) &&
                    StoreCrypto.FixedTimeEquals(_cachedKeys.KeyCheck, format.KeyCheck))
                {
                    VerifyFile(format, _cachedKeys);
                    return new Session(format, _cachedKeys, ownsKeys: false);
                }
            }

            byte[] master = provider.Unprotect(format.ProtectedKey);
            StoreCrypto.StoreKeys keys;
            try
            {
                if (master.Length != StoreCrypto.KeySize)
                    throw CredentialStoreFormat.Corrupt(_file.Display, "the master key has a wrong length");
                keys = new StoreCrypto.StoreKeys(master);
            }
            finally
            {
                StoreCrypto.Zero(master);
            }

            if (!StoreCrypto.FixedTimeEquals(keys.KeyCheck, format.KeyCheck))
            {
                keys.Dispose();
                throw new CamStoreException(CamStoreErrorId.StoreKeyMismatch, CamStoreErrorKind.KeyUnavailable,
                    $"The credential store '{_file.Display}' was not created with the {provider.Description}; the key was replaced " +
                    "or the store comes from another configuration directory. Nothing was changed.",
                    "Restore the matching key file from a backup, or reset the credential store and store the credentials again.",
                    _file.Display);
            }
            try
            {
                VerifyFile(format, keys);
            }
            catch
            {
                keys.Dispose();
                throw;
            }

            if (!cacheable) return new Session(format, keys, ownsKeys: true);
            lock (_cacheGate)
            {
                // drop (not zero) the previous keys: another thread may still be using them
                _cachedKeys = keys;
                _cachedProtectedKey = (byte[])format.ProtectedKey.Clone();
                return new Session(format, keys, ownsKeys: false);
            }
        }

        /// <summary>Parses the file; a whole-file StoreCorrupt carries advice that says what restoring the backup would lose.</summary>
        private CredentialStoreFormat ParseFormat(byte[] content)
        {
            try
            {
                return CredentialStoreFormat.Parse(content, _file.Display);
            }
            catch (CamStoreException e) when (e.ErrorId == CamStoreErrorId.StoreCorrupt && e.Camera is null)
            {
                throw new CamStoreException(e.ErrorId, e.Kind, e.Message, RestoreAdvice(null, null), e.Path, null, e.InnerException);
            }
        }

        /// <summary>
        /// A damaged file (checksum mismatch): the key is taken from the header as far as it is readable (or from the
        /// key file, which does not depend on it); every record must verify on its own. The key is accepted when the
        /// header's key check or at least one record's MAC confirms it.
        /// </summary>
        private Session OpenDamaged(CredentialStoreFormat format, IMasterKeyProvider provider)
        {
            CamStoreException? protectionError = null;
            if (format.Protection != 0 && format.Protection != provider.Protection)
            {
                try
                {
                    CheckProtection(format, provider);
                }
                catch (CamStoreException e)
                {
                    protectionError = e; // the protection byte may itself be the damaged one: try the provider first
                }
            }
            StoreCrypto.StoreKeys? keys = null;
            try
            {
                byte[] master;
                try
                {
                    master = provider.Unprotect(format.ProtectedKey);
                }
                catch (CamStoreException) when (protectionError != null)
                {
                    throw protectionError;
                }
                catch (CamStoreException e) when (e.ErrorId == CamStoreErrorId.StoreCorrupt)
                {
                    // the protected key in the header is the damaged part
                    throw CredentialStoreFormat.Corrupt(_file.Display, "its header (the protected master key) is damaged, so no record can be decrypted", RestoreAdvice(format, null));
                }
                try
                {
                    if (master.Length != StoreCrypto.KeySize)
                        throw CredentialStoreFormat.Corrupt(_file.Display, "its header (the protected master key) is damaged", RestoreAdvice(format, null));
                    keys = new StoreCrypto.StoreKeys(master);
                }
                finally
                {
                    StoreCrypto.Zero(master);
                }
                var k = keys;
                format.Recover(r => StoreCrypto.FixedTimeEquals(StoreCrypto.HmacSha256(k.MacKey, StoreCrypto.RecordMacInput(r.Id, r.Address, r.Iv, r.Ciphertext)), r.Mac));
                bool keyConfirmed = format.Records.Count > 0 || StoreCrypto.FixedTimeEquals(keys.KeyCheck, format.KeyCheck);
                if (!keyConfirmed)
                {
                    if (protectionError != null) throw protectionError;
                    throw CredentialStoreFormat.Corrupt(_file.Display, "its header is damaged and no record verifies with the key", RestoreAdvice(format, null));
                }
                var session = new Session(format, keys, ownsKeys: true);
                keys = null;
                return session;
            }
            finally
            {
                keys?.Dispose();
            }
        }

        private static bool SameId(string a, string b) =>
            string.Equals(StoreCrypto.NormalizeRecordId(a), StoreCrypto.NormalizeRecordId(b), StringComparison.Ordinal);

        /// <summary>
        /// A write to a damaged store rewrites it from the intact records; it must not silently drop a damaged one. It
        /// is allowed when the only damage is the record being written or removed (<paramref name="id"/>), or when
        /// no record was lost (only the header, checksum or file MAC was hit).
        /// </summary>
        private void EnsureWritable(CredentialStoreFormat format, string? id)
        {
            if (!format.IsDamaged) return;
            var others = format.DamagedIds.Where(d => id is null || !SameId(d, id)).ToList();
            if (others.Count == 0 && format.UnnamedDamage == 0) return;
            string what = others.Count > 0
                ? "the record(s) of " + string.Join(", ", others.Select(d => "'" + d + "'")) + " are damaged"
                : "part of it is damaged and the record there cannot be named";
            throw CredentialStoreFormat.Corrupt(_file.Display, what + "; rewriting it now would drop them", RestoreAdvice(format, null));
        }

        /// <summary>StoreCorrupt for one camera whose record is damaged (or may have been in a damaged part).</summary>
        private CamStoreException DamagedRecord(CredentialStoreFormat format, string id)
        {
            bool named = format.DamagedIds.Any(d => SameId(d, id));
            string problem = named
                ? $"the record of '{id}' is damaged (its authentication code does not verify)"
                : $"the credential of '{id}' is not among its intact records, and the damaged part ({DescribeDamage(format)}) may have held it";
            return CredentialStoreFormat.Corrupt(_file.Display, problem, RestoreAdvice(format, id), id);
        }

        private static string DescribeDamage(CredentialStoreFormat format)
        {
            var parts = new List<string>();
            if (format.DamagedIds.Count > 0) parts.Add("record(s) " + string.Join(", ", format.DamagedIds.Select(d => "'" + d + "'")));
            if (format.UnnamedDamage > 0) parts.Add(format.UnnamedDamage + " unreadable region(s)");
            if (format.HeaderDamaged) parts.Add("the header");
            return parts.Count == 0 ? "none" : string.Join(", ", parts);
        }

        /// <summary>
        /// Recovery advice that says exactly what restoring <c>credentials.dat.bak</c> would lose: the intact records
        /// that are missing from the backup or differ there (stored or changed after it was made).
        /// </summary>
        private string RestoreAdvice(CredentialStoreFormat? current, string? camera)
        {
            var advice = new System.Text.StringBuilder();
            if (camera != null)
                advice.Append($"Store the credential of '{camera}' again (Set-CamRegistration -Name '{camera}' -Credential ...): that rewrites the store without the damaged record and keeps every intact one. ");
            string? bak = (_file as DiskStoreFile)?.BackupPath;
            CredentialStoreFormat? backup = null;
            if (bak != null)
            {
                try
                {
                    byte[]? raw = AtomicFile.ReadOrNull(bak, StoreFile.MaxBytes);
                    if (raw != null) backup = CredentialStoreFormat.Parse(raw, bak);
                }
                catch (Exception e) when (e is CamStoreException || e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
                {
                    advice.Append($"The backup '{bak}' cannot be used either ({e.Message}). ");
                    bak = null;
                }
            }
            if (bak is null || backup is null)
            {
                if (backup is null && bak != null) advice.Append($"There is no backup copy ('{bak}' does not exist). ");
                advice.Append("Otherwise reset the credential store (Set-CamCredentialStore -Reset) and store the camera credentials again.");
                return advice.ToString().Trim();
            }
            var lost = new List<string>();
            if (current != null)
            {
                foreach (var r in current.Records)
                {
                    var old = backup.Find(r.Id);
                    if (old is null) lost.Add($"'{r.Id}' (stored after the backup was made)");
                    else if (!StoreCrypto.FixedTimeEquals(old.Mac, r.Mac)) lost.Add($"the current credential of '{r.Id}' (changed after the backup was made; the backup holds the older one)");
                }
            }
            var regained = current?.DamagedIds.Where(d => backup.Find(d) != null).ToList() ?? new List<string>();
            string accept = GenerationPath is string gen ? $"; Remove-Item '{gen}' to accept the older copy" : string.Empty;
            advice.Append($"Restoring the backup (Copy-Item '{bak}' '{_file.Display}'{accept}) ");
            if (regained.Count > 0) advice.Append("brings back the backup's copy of " + string.Join(", ", regained.Select(d => "'" + d + "'")) + " and ");
            if (current is null || current.HeaderDamaged)
                advice.Append($"loses whatever was stored after the backup was made (it holds {backup.Records.Count} record(s): {string.Join(", ", backup.Records.Select(r => "'" + r.Id + "'"))}). ");
            else if (lost.Count == 0) advice.Append("loses nothing: every intact record is also in the backup. ");
            else advice.Append("loses " + string.Join("; ", lost) + ". ");
            advice.Append("A reset (Set-CamCredentialStore -Reset) loses every stored credential.");
            return advice.ToString().Trim();
        }

        // ---- generation counter (rollback detection) -------------------------------------------------------------
        // Every write increments the store's authenticated generation and then, under the same lock, the counter
        // kept where the master key is (keys/generation). A valid but older copy of the whole store restored over
        // the current one (from a backup, a sync conflict, or by someone who wants an old password back) has a
        // lower generation than the counter: StoreRolledBack. Both files restored together cannot be told apart
        // from the real thing; that needs a copy of the counter outside the configuration directory.

        [ThreadStatic]
        private static long t_pendingGeneration;

        /// <summary>
        /// Full path of the counter file: next to the key file (keys/generation) with key-file protection, otherwise
        /// next to the store (credentials.generation: DPAPI and passphrase keep their wrapped key in the store
        /// header, and passphrase mode creates no keys folder). Null in memory.
        /// </summary>
        internal string? GenerationPath
        {
            get
            {
                if (Location.IsInMemory || Location.Directory is null) return null;
                IMasterKeyProvider provider;
                lock (_cacheGate) provider = _provider;
                return provider.Protection == CamKeyProtection.KeyFile && Location.KeyDirectory is string keys
                    ? Path.Combine(keys, "generation")
                    : Path.Combine(Location.Directory, "credentials.generation");
            }
        }

        private string? OtherGenerationPath => Location.IsInMemory || Location.Directory is null ? null
            : GenerationPath == Path.Combine(Location.Directory, "credentials.generation") ? (Location.KeyDirectory is string k ? Path.Combine(k, "generation") : null)
            : Path.Combine(Location.Directory, "credentials.generation");

        private long ReadCounter()
        {
            string? path = GenerationPath;
            if (path is null) return 0;
            try
            {
                if (!File.Exists(path)) return 0;
                string text = File.ReadAllText(path).Trim();
                int nl = text.LastIndexOf('\n');
                return long.TryParse(nl < 0 ? text : text.Substring(nl + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return 0;
            }
        }

        /// <summary>Serialises a session for writing with the next generation (at least one above the counter).</summary>
        private byte[] Seal(Session session, long? previous = null)
        {
            long next = Math.Max(previous ?? session.Format.Generation, ReadCounter()) + 1;
            session.Format.Generation = next;
            t_pendingGeneration = next;
            return session.Format.Serialize(session.Keys!.MacKey);
        }

        /// <summary>After the store file is in place (under its lock): the counter follows.</summary>
        private void CommitGeneration()
        {
            string? path = GenerationPath;
            long g = t_pendingGeneration;
            if (path is null || g <= 0) return;
            try
            {
                StoreNative.EnsurePrivateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.Write(path, System.Text.Encoding.ASCII.GetBytes("FoscamPS credential store generation\n" + g.ToString(CultureInfo.InvariantCulture) + "\n"), null);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // the store is written; a stale counter only weakens rollback detection until the next write
            }
        }

        private void CheckGeneration(CredentialStoreFormat format)
        {
            long counter = ReadCounter();
            if (format.Generation >= counter) return;
            string? path = GenerationPath;
            throw new CamStoreException(CamStoreErrorId.StoreRolledBack, CamStoreErrorKind.Security,
                $"The credential store '{_file.Display}' is an older copy (generation {format.Generation}) than the last one written here " +
                $"(generation {counter}): it was restored from a backup or replaced. Credentials stored or changed since are missing or old; none was used.",
                $"If you restored it on purpose, accept it by deleting the counter file (Remove-Item '{path}'); otherwise put the current " +
                "credentials.dat back, or store the camera credentials again. Consider who else can write to this directory.",
                _file.Display);
        }

        private void VerifyFile(CredentialStoreFormat format, StoreCrypto.StoreKeys keys)
        {
            if (!format.VerifyFileMac(keys.MacKey))
                throw Tampered("the file authentication code (HMAC) does not match");
            CheckGeneration(format);
        }

        private void CheckProtection(CredentialStoreFormat format, IMasterKeyProvider provider)
        {
            if (format.Protection == provider.Protection) return;
            if (format.Protection == CamKeyProtection.Passphrase)
            {
                throw new CamStoreException(CamStoreErrorId.StorePassphraseRequired, CamStoreErrorKind.KeyUnavailable,
                    $"The credential store '{_file.Display}' is protected with a passphrase.",
                    "Unlock it with Unlock-CamCredentialStore -Passphrase, or pass -Credential; a lost passphrase needs Set-CamCredentialStore -Reset.", _file.Display);
            }
            throw new CamStoreException(CamStoreErrorId.StoreProtectionMismatch, CamStoreErrorKind.Unsupported,
                $"The credential store '{_file.Display}' is protected by {Describe(format.Protection)}, but this session uses {provider.Description}. Nothing was changed.",
                format.Protection == CamKeyProtection.Dpapi
                    ? "Use the store on the Windows account that created it, or reset it and store the credentials again."
                    : "Open it with the protection it was created with, or reset it and store the credentials again.",
                _file.Display);
        }

        private static string Describe(CamKeyProtection protection)
        {
            switch (protection)
            {
                case CamKeyProtection.Dpapi: return "Windows DPAPI";
                case CamKeyProtection.KeyFile: return "a key file";
                case CamKeyProtection.Passphrase: return "a passphrase";
                default: return "an in-memory key";
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // best effort: the file is owner-only
            }
        }
    }
}
