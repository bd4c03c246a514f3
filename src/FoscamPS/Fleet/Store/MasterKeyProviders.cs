using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace FoscamPS.Fleet.Store
{
    /// <summary>How the credential store's random master key is protected at rest.</summary>
    public enum CamKeyProtection : byte
    {
        /// <summary>Windows DPAPI, CurrentUser scope; the protected key lives in the store header.</summary>
        Dpapi = 1,
        /// <summary><c>keys/master.key</c>, 0600 in a 0700 directory: protection is the file permissions only.</summary>
        KeyFile = 2,
        /// <summary>Key wrapped with a key derived from a passphrase (PBKDF2-HMAC-SHA256, ≥ 600,000 iterations).</summary>
        Passphrase = 3,
        /// <summary>Ephemeral key of an in-memory store; nothing persisted.</summary>
        Memory = 4,
    }

    /// <summary>
    /// Protects the store's 32-byte master key. <see cref="Protect"/> is called once, when a store is created
    /// (or its protection changed) and returns an opaque blob kept in the store header; <see cref="Unprotect"/>
    /// gets that blob back and returns the master key, or throws <see cref="CamStoreException"/>.
    /// Callers zero the returned arrays when done.
    /// </summary>
    public interface IMasterKeyProvider
    {
        CamKeyProtection Protection { get; }

        /// <summary>Human-readable description for messages and documentation (no secret).</summary>
        string Description { get; }

        byte[] Protect(byte[] masterKey);

        byte[] Unprotect(byte[] protectedKey);
    }

    /// <summary>Factory for the platform default provider.</summary>
    public static class MasterKeyProvider
    {
        /// <summary>In-memory location: ephemeral key; Windows: DPAPI CurrentUser; elsewhere: key file in <c>keys/</c>.</summary>
        public static IMasterKeyProvider CreateDefault(CamConfigLocation location)
        {
            if (location is null) throw new ArgumentNullException(nameof(location));
            if (location.IsInMemory) return location.GetMemoryKeyProvider();
            if (StoreNative.IsWindows) return new DpapiMasterKeyProvider();
            return new KeyFileMasterKeyProvider(location.KeyDirectory!);
        }
    }

    /// <summary>Windows DPAPI (CurrentUser) through crypt32; throws <see cref="PlatformNotSupportedException"/> elsewhere.</summary>
    public sealed class DpapiMasterKeyProvider : IMasterKeyProvider
    {
        private const int CryptProtectUiForbidden = 0x1;
        private static readonly byte[] Entropy = Encoding.ASCII.GetBytes("FoscamPS credential store master key v1");

        public DpapiMasterKeyProvider()
        {
            if (!StoreNative.IsWindows)
                throw new PlatformNotSupportedException("DPAPI is available on Windows only; use the key file or passphrase protection.");
        }

        public CamKeyProtection Protection => CamKeyProtection.Dpapi;

        public string Description => "Windows DPAPI (CurrentUser)";

        public byte[] Protect(byte[] masterKey)
        {
            byte[]? result = Transform(masterKey, protect: true);
            if (result is null)
            {
                int error = Marshal.GetLastWin32Error();
                throw new CamStoreException(CamStoreErrorId.StoreKeyUnavailable, CamStoreErrorKind.KeyUnavailable,
                    $"Windows DPAPI could not protect the credential store key (error {error}).",
                    "Make sure the user profile is loaded (services: load the profile of the service account), or use the passphrase protection.");
            }
            return result;
        }

        public byte[] Unprotect(byte[] protectedKey)
        {
            byte[]? result = Transform(protectedKey, protect: false);
            if (result is null)
            {
                int error = Marshal.GetLastWin32Error();
                throw new CamStoreException(CamStoreErrorId.StoreKeyUnavailable, CamStoreErrorKind.KeyUnavailable,
                    $"Windows DPAPI could not decrypt the credential store key (error {error}). The store was created by another " +
                    "Windows user or on another computer, or this user's DPAPI keys changed (for example after an administrator reset the password).",
                    "Run as the user who stored the credentials, or reset the credential store (delete credentials.dat in the configuration directory) and store the credentials again.");
            }
            return result;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct DataBlob
        {
            public int Size;
            public IntPtr Data;
        }

        [DllImport("crypt32.dll", EntryPoint = "CryptProtectData", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptProtectData(ref DataBlob dataIn, string? description, ref DataBlob entropy,
            IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("crypt32.dll", EntryPoint = "CryptUnprotectData", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptUnprotectData(ref DataBlob dataIn, IntPtr description, ref DataBlob entropy,
            IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("kernel32.dll", EntryPoint = "LocalFree")]
        private static extern IntPtr LocalFree(IntPtr memory);

        private static byte[]? Transform(byte[] input, bool protect)
        {
            var inBlob = new DataBlob();
            var entropyBlob = new DataBlob();
            var outBlob = new DataBlob();
            try
            {
                inBlob.Size = input.Length;
                inBlob.Data = Marshal.AllocHGlobal(Math.Max(1, input.Length));
                Marshal.Copy(input, 0, inBlob.Data, input.Length);
                entropyBlob.Size = Entropy.Length;
                entropyBlob.Data = Marshal.AllocHGlobal(Entropy.Length);
                Marshal.Copy(Entropy, 0, entropyBlob.Data, Entropy.Length);

                bool ok = protect
                    ? CryptProtectData(ref inBlob, "FoscamPS", ref entropyBlob, IntPtr.Zero, IntPtr.Zero, CryptProtectUiForbidden, ref outBlob)
                    : CryptUnprotectData(ref inBlob, IntPtr.Zero, ref entropyBlob, IntPtr.Zero, IntPtr.Zero, CryptProtectUiForbidden, ref outBlob);
                if (!ok) return null;
                var result = new byte[outBlob.Size];
                Marshal.Copy(outBlob.Data, result, 0, result.Length);
                return result;
            }
            finally
            {
                if (inBlob.Data != IntPtr.Zero)
                {
                    Marshal.Copy(new byte[Math.Max(1, input.Length)], 0, inBlob.Data, Math.Max(1, input.Length));
                    Marshal.FreeHGlobal(inBlob.Data);
                }
                if (entropyBlob.Data != IntPtr.Zero) Marshal.FreeHGlobal(entropyBlob.Data);
                if (outBlob.Data != IntPtr.Zero)
                {
                    Marshal.Copy(new byte[outBlob.Size], 0, outBlob.Data, outBlob.Size);
                    LocalFree(outBlob.Data);
                }
            }
        }
    }

    /// <summary>
    /// The master key in <c>keys/master.key</c> (0600) inside a 0700 directory. This is file-permission
    /// protection only: anyone who can read the file as this user (or root) can decrypt the store.
    /// </summary>
    public sealed class KeyFileMasterKeyProvider : IMasterKeyProvider
    {
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("FPS-KEY\u0001");

        public KeyFileMasterKeyProvider(string keyDirectory)
        {
            if (string.IsNullOrWhiteSpace(keyDirectory)) throw new ArgumentException("The key directory is empty.", nameof(keyDirectory));
            KeyDirectory = Path.GetFullPath(keyDirectory);
            KeyFilePath = Path.Combine(KeyDirectory, CamConfigLocation.KeyFileName);
        }

        public string KeyDirectory { get; }

        public string KeyFilePath { get; }

        public CamKeyProtection Protection => CamKeyProtection.KeyFile;

        public string Description => "key file '" + KeyFilePath + "' (protected by file permissions only)";

        /// <summary>Writes the key file atomically (0600, in a 0700 directory); returns an empty header blob.</summary>
        public byte[] Protect(byte[] masterKey)
        {
            if (masterKey is null || masterKey.Length != StoreCrypto.KeySize) throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
            var content = new byte[Magic.Length + masterKey.Length];
            Buffer.BlockCopy(Magic, 0, content, 0, Magic.Length);
            Buffer.BlockCopy(masterKey, 0, content, Magic.Length, masterKey.Length);
            try
            {
                StoreNative.EnsurePrivateDirectory(KeyDirectory);
                AtomicFile.Write(KeyFilePath, content, backupPath: null);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CamStoreException(CamStoreErrorId.StoreIoFailed, CamStoreErrorKind.Io,
                    $"Cannot write the credential store key file '{KeyFilePath}': {e.Message}",
                    "Check that the configuration directory is writable by you, or set FOSCAMPS_CONFIG_DIR to a directory you own.",
                    KeyFilePath, null, e);
            }
            finally
            {
                StoreCrypto.Zero(content);
            }
            return new byte[0];
        }

        public byte[] Unprotect(byte[] protectedKey)
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(KeyFilePath);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                throw new CamStoreException(CamStoreErrorId.StoreKeyMissing, CamStoreErrorKind.KeyUnavailable,
                    $"The credential store exists but its key file '{KeyFilePath}' is missing (deleted, or the configuration directory " +
                    "was copied without its keys folder). The stored passwords cannot be decrypted without it; nothing was changed.",
                    $"Restore '{KeyFilePath}' from a backup; or reset the credential store with Set-CamCredentialStore -Reset (or delete '{CamConfigLocation.CredentialFileName}' and " +
                    $"'{CamConfigLocation.CredentialFileName}.bak' next to the keys folder) and store the camera credentials again.",
                    KeyFilePath, null, e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CamStoreException(CamStoreErrorId.StoreKeyUnavailable, CamStoreErrorKind.KeyUnavailable,
                    $"Cannot read the credential store key file '{KeyFilePath}': {e.Message}",
                    "Check the owner and permissions of the file (it must be readable by you, mode 0600).", KeyFilePath, null, e);
            }

            try
            {
                bool magicOk = content.Length == Magic.Length + StoreCrypto.KeySize;
                for (int i = 0; magicOk && i < Magic.Length; i++) magicOk = content[i] == Magic[i];
                if (!magicOk)
                {
                    throw new CamStoreException(CamStoreErrorId.StoreKeyMismatch, CamStoreErrorKind.KeyUnavailable,
                        $"The key file '{KeyFilePath}' is not a valid FoscamPS key file (damaged or replaced).",
                        "Restore the key file from a backup, or reset the credential store and store the credentials again.", KeyFilePath);
                }
                // repair permissions if someone loosened them
                StoreNative.TryChmod(KeyDirectory, StoreNative.DirectoryMode);
                StoreNative.TryChmod(KeyFilePath, StoreNative.FileMode);
                var key = new byte[StoreCrypto.KeySize];
                Buffer.BlockCopy(content, Magic.Length, key, 0, key.Length);
                return key;
            }
            finally
            {
                StoreCrypto.Zero(content);
            }
        }

        /// <summary>Removes the key file (store reset).</summary>
        internal void DeleteKeyFile()
        {
            if (File.Exists(KeyFilePath)) File.Delete(KeyFilePath);
        }
    }

    /// <summary>
    /// Passphrase protection: the master key is wrapped (AES-256-CBC + HMAC-SHA256) with keys derived from the
    /// passphrase by PBKDF2-HMAC-SHA256 (random 32-byte salt, ≥ 600,000 iterations, both kept in the header).
    /// </summary>
    public sealed class PassphraseMasterKeyProvider : IMasterKeyProvider, IDisposable
    {
        /// <summary>Minimum (and default) PBKDF2 iteration count.</summary>
        public const int MinimumIterations = 600_000;
        internal const int MaximumIterations = 100_000_000;
        private const byte BlobVersion = 1;
        private static readonly byte[] KdfSalt = Encoding.ASCII.GetBytes("FoscamPS passphrase key wrap v1");

        private readonly SecureString _passphrase;

        public PassphraseMasterKeyProvider(SecureString passphrase, int iterations = MinimumIterations)
        {
            if (passphrase is null) throw new ArgumentNullException(nameof(passphrase));
            if (passphrase.Length == 0) throw new ArgumentException("The passphrase is empty.", nameof(passphrase));
            if (iterations < MinimumIterations || iterations > MaximumIterations)
                throw new ArgumentOutOfRangeException(nameof(iterations), $"The iteration count must be from {MinimumIterations} to {MaximumIterations}.");
            _passphrase = passphrase.Copy();
            _passphrase.MakeReadOnly();
            Iterations = iterations;
        }

        /// <summary>Iterations used when protecting (unprotecting uses the count stored in the header).</summary>
        public int Iterations { get; }

        public CamKeyProtection Protection => CamKeyProtection.Passphrase;

        public string Description => "passphrase (PBKDF2-HMAC-SHA256, " + Iterations + " iterations)";

        public byte[] Protect(byte[] masterKey)
        {
            if (masterKey is null || masterKey.Length != StoreCrypto.KeySize) throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
            byte[] salt = StoreCrypto.RandomBytes(32);
            byte[] iv = StoreCrypto.RandomBytes(StoreCrypto.IvSize);
            DeriveWrapKeys(salt, Iterations, out byte[] encKey, out byte[] macKey);
            try
            {
                byte[] ct;
                using (var aes = Aes.Create())
                {
                    aes.Mode = CipherMode.CBC;
                    aes.Padding = PaddingMode.PKCS7;
                    aes.Key = encKey;
                    aes.IV = iv;
                    using (var enc = aes.CreateEncryptor())
                        ct = enc.TransformFinalBlock(masterKey, 0, masterKey.Length);
                }
                byte[] body = Body(Iterations, salt, iv, ct);
                byte[] mac = StoreCrypto.HmacSha256(macKey, body);
                var blob = new byte[body.Length + mac.Length];
                Buffer.BlockCopy(body, 0, blob, 0, body.Length);
                Buffer.BlockCopy(mac, 0, blob, body.Length, mac.Length);
                return blob;
            }
            finally
            {
                StoreCrypto.Zero(encKey);
                StoreCrypto.Zero(macKey);
            }
        }

        public byte[] Unprotect(byte[] protectedKey)
        {
            // layout: version(1) | iterations(4, BE) | salt(32) | iv(16) | ctLen(1) | ct | mac(32)
            const int fixedPart = 1 + 4 + 32 + 16 + 1;
            if (protectedKey is null || protectedKey.Length < fixedPart + StoreCrypto.MacSize || protectedKey[0] != BlobVersion)
                throw Corrupt("the wrapped key in the store header is malformed");
            int iterations = (protectedKey[1] << 24) | (protectedKey[2] << 16) | (protectedKey[3] << 8) | protectedKey[4];
            if (iterations < MinimumIterations || iterations > MaximumIterations)
                throw Corrupt($"the stored PBKDF2 iteration count {iterations} is outside {MinimumIterations}..{MaximumIterations}");
            int ctLen = protectedKey[fixedPart - 1];
            if (protectedKey.Length != fixedPart + ctLen + StoreCrypto.MacSize || ctLen % 16 != 0 || ctLen == 0)
                throw Corrupt("the wrapped key in the store header has a wrong length");
            var salt = new byte[32];
            var iv = new byte[StoreCrypto.IvSize];
            var ct = new byte[ctLen];
            var mac = new byte[StoreCrypto.MacSize];
            Buffer.BlockCopy(protectedKey, 5, salt, 0, 32);
            Buffer.BlockCopy(protectedKey, 37, iv, 0, 16);
            Buffer.BlockCopy(protectedKey, fixedPart, ct, 0, ctLen);
            Buffer.BlockCopy(protectedKey, fixedPart + ctLen, mac, 0, mac.Length);

            DeriveWrapKeys(salt, iterations, out byte[] encKey, out byte[] macKey);
            try
            {
                byte[] expected = StoreCrypto.HmacSha256(macKey, Body(iterations, salt, iv, ct));
                if (!StoreCrypto.FixedTimeEquals(expected, mac))
                {
                    throw new CamStoreException(CamStoreErrorId.StorePassphraseIncorrect, CamStoreErrorKind.Security,
                        "The passphrase does not unlock the credential store (wrong passphrase, or the store header was modified).",
                        "Give the passphrase used when the store was created. If it is lost, reset the credential store and store the credentials again.");
                }
                using (var aes = Aes.Create())
                {
                    aes.Mode = CipherMode.CBC;
                    aes.Padding = PaddingMode.PKCS7;
                    aes.Key = encKey;
                    aes.IV = iv;
                    using (var dec = aes.CreateDecryptor())
                    {
                        byte[] key;
                        try
                        {
                            key = dec.TransformFinalBlock(ct, 0, ct.Length);
                        }
                        catch (CryptographicException e)
                        {
                            throw Corrupt("the wrapped key cannot be decrypted", e);
                        }
                        if (key.Length != StoreCrypto.KeySize)
                        {
                            StoreCrypto.Zero(key);
                            throw Corrupt("the wrapped key has a wrong length");
                        }
                        return key;
                    }
                }
            }
            finally
            {
                StoreCrypto.Zero(encKey);
                StoreCrypto.Zero(macKey);
            }
        }

        public void Dispose() => _passphrase.Dispose();

        private static byte[] Body(int iterations, byte[] salt, byte[] iv, byte[] ct)
        {
            var body = new byte[1 + 4 + salt.Length + iv.Length + 1 + ct.Length];
            body[0] = BlobVersion;
            body[1] = (byte)(iterations >> 24);
            body[2] = (byte)(iterations >> 16);
            body[3] = (byte)(iterations >> 8);
            body[4] = (byte)iterations;
            Buffer.BlockCopy(salt, 0, body, 5, salt.Length);
            Buffer.BlockCopy(iv, 0, body, 5 + salt.Length, iv.Length);
            body[5 + salt.Length + iv.Length] = (byte)ct.Length;
            Buffer.BlockCopy(ct, 0, body, 6 + salt.Length + iv.Length, ct.Length);
            return body;
        }

        private void DeriveWrapKeys(byte[] salt, int iterations, out byte[] encKey, out byte[] macKey)
        {
            byte[] password = StoreCrypto.SecureStringToUtf8(_passphrase);
            byte[]? kek = null;
            try
            {
                kek = StoreCrypto.Pbkdf2Sha256(password, salt, iterations, 32);
                encKey = StoreCrypto.Hkdf(kek, KdfSalt, Encoding.ASCII.GetBytes("wrap encryption"), 32);
                macKey = StoreCrypto.Hkdf(kek, KdfSalt, Encoding.ASCII.GetBytes("wrap authentication"), 32);
            }
            finally
            {
                StoreCrypto.Zero(password);
                StoreCrypto.Zero(kek);
            }
        }

        private static CamStoreException Corrupt(string what, Exception? inner = null) =>
            new CamStoreException(CamStoreErrorId.StoreCorrupt, CamStoreErrorKind.Corrupt,
                "The credential store header is damaged: " + what + ".",
                "Restore credentials.dat from credentials.dat.bak or a backup, or reset the credential store and store the credentials again.",
                null, null, inner);
    }

    /// <summary>Ephemeral key for in-memory stores (never leaves the process).</summary>
    internal sealed class MemoryMasterKeyProvider : IMasterKeyProvider
    {
        private readonly object _gate = new object();
        private byte[]? _key;

        public CamKeyProtection Protection => CamKeyProtection.Memory;

        public string Description => "in-memory key (nothing persisted)";

        public byte[] Protect(byte[] masterKey)
        {
            lock (_gate)
                _key = (byte[])masterKey.Clone();
            return new byte[0];
        }

        public byte[] Unprotect(byte[] protectedKey)
        {
            lock (_gate)
            {
                if (_key is null)
                {
                    throw new CamStoreException(CamStoreErrorId.StoreKeyMissing, CamStoreErrorKind.KeyUnavailable,
                        "The in-memory credential store has no key.", "Reset the in-memory credential store.");
                }
                return (byte[])_key.Clone();
            }
        }
    }
}
