using System;
using System.IO;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace FoscamPS.Fleet.Store
{
    /// <summary>
    /// Crypto primitives of the credential store (netstandard2.0 only: HMACSHA256, Aes, RandomNumberGenerator).
    /// </summary>
    internal static class StoreCrypto
    {
        internal const int KeySize = 32;
        internal const int IvSize = 16;
        internal const int MacSize = 32;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        internal static byte[] RandomBytes(int count)
        {
            var bytes = new byte[count];
            using (var rng = RandomNumberGenerator.Create())
                rng.GetBytes(bytes);
            return bytes;
        }

        /// <summary>Compares without an early exit, so timing does not reveal where two MACs differ.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
        internal static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (a is null || b is null || a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++)
                diff |= a[i] ^ b[i];
            return diff == 0;
        }

        internal static void Zero(byte[]? buffer)
        {
            if (buffer != null) Array.Clear(buffer, 0, buffer.Length);
        }

        internal static void Zero(char[]? buffer)
        {
            if (buffer != null) Array.Clear(buffer, 0, buffer.Length);
        }

        internal static byte[] HmacSha256(byte[] key, byte[] data)
        {
            using (var h = new HMACSHA256(key))
                return h.ComputeHash(data);
        }

        /// <summary>HKDF-SHA256 (RFC 5869): extract with <paramref name="salt"/>, expand with <paramref name="info"/>.</summary>
        internal static byte[] Hkdf(byte[] ikm, byte[] salt, byte[] info, int length)
        {
            if (length <= 0 || length > 255 * 32) throw new ArgumentOutOfRangeException(nameof(length));
            byte[] prk = HmacSha256(salt.Length == 0 ? new byte[32] : salt, ikm);
            try
            {
                var okm = new byte[length];
                var t = new byte[0];
                int done = 0;
                using (var h = new HMACSHA256(prk))
                {
                    for (byte counter = 1; done < length; counter++)
                    {
                        var input = new byte[t.Length + info.Length + 1];
                        Buffer.BlockCopy(t, 0, input, 0, t.Length);
                        Buffer.BlockCopy(info, 0, input, t.Length, info.Length);
                        input[input.Length - 1] = counter;
                        Zero(t);
                        t = h.ComputeHash(input);
                        Zero(input);
                        int n = Math.Min(t.Length, length - done);
                        Buffer.BlockCopy(t, 0, okm, done, n);
                        done += n;
                    }
                }
                Zero(t);
                return okm;
            }
            finally
            {
                Zero(prk);
            }
        }

        // ---- PBKDF2-HMAC-SHA256 ----------------------------------------------------------------------------

        private static readonly Lazy<Func<byte[], byte[], int, int, byte[]>?> PlatformPbkdf2 =
            new Lazy<Func<byte[], byte[], int, int, byte[]>?>(FindPlatformPbkdf2);

        /// <summary>
        /// PBKDF2-HMAC-SHA256. Uses the platform implementation (reached by reflection: the netstandard2.0 surface
        /// lacks the HashAlgorithmName overloads that .NET Framework 4.7.2+ and .NET have), else the managed one.
        /// </summary>
        internal static byte[] Pbkdf2Sha256(byte[] password, byte[] salt, int iterations, int length)
        {
            var platform = PlatformPbkdf2.Value;
            return platform != null ? platform(password, salt, iterations, length) : Pbkdf2Sha256Managed(password, salt, iterations, length);
        }

        internal static bool HasPlatformPbkdf2 => PlatformPbkdf2.Value != null;

        /// <summary>Straight RFC 8018 PBKDF2 over <see cref="HMACSHA256"/> (fallback and cross-check).</summary>
        internal static byte[] Pbkdf2Sha256Managed(byte[] password, byte[] salt, int iterations, int length)
        {
            if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations));
            if (length < 1) throw new ArgumentOutOfRangeException(nameof(length));
            var output = new byte[length];
            using (var h = new HMACSHA256(password))
            {
                int blocks = (length + 31) / 32;
                var saltBlock = new byte[salt.Length + 4];
                Buffer.BlockCopy(salt, 0, saltBlock, 0, salt.Length);
                for (int block = 1; block <= blocks; block++)
                {
                    saltBlock[salt.Length] = (byte)(block >> 24);
                    saltBlock[salt.Length + 1] = (byte)(block >> 16);
                    saltBlock[salt.Length + 2] = (byte)(block >> 8);
                    saltBlock[salt.Length + 3] = (byte)block;
                    byte[] u = h.ComputeHash(saltBlock);
                    var t = (byte[])u.Clone();
                    for (int i = 1; i < iterations; i++)
                    {
                        byte[] next = h.ComputeHash(u);
                        Zero(u);
                        u = next;
                        for (int j = 0; j < t.Length; j++) t[j] ^= u[j];
                    }
                    int offset = (block - 1) * 32;
                    Buffer.BlockCopy(t, 0, output, offset, Math.Min(32, length - offset));
                    Zero(u);
                    Zero(t);
                }
            }
            return output;
        }

        private static Func<byte[], byte[], int, int, byte[]>? FindPlatformPbkdf2()
        {
            try
            {
                Type type = typeof(Rfc2898DeriveBytes);
                // .NET 6+: static byte[] Pbkdf2(byte[] password, byte[] salt, int iterations, HashAlgorithmName, int outputLength)
                MethodInfo? pbkdf2 = type.GetMethod("Pbkdf2", BindingFlags.Public | BindingFlags.Static, null,
                    new[] { typeof(byte[]), typeof(byte[]), typeof(int), typeof(HashAlgorithmName), typeof(int) }, null);
                if (pbkdf2 != null)
                {
                    return (p, s, i, l) => (byte[])pbkdf2.Invoke(null, new object[] { p, s, i, HashAlgorithmName.SHA256, l })!;
                }

                // .NET Framework 4.7.2+: new Rfc2898DeriveBytes(byte[] password, byte[] salt, int iterations, HashAlgorithmName)
                ConstructorInfo? ctor = type.GetConstructor(new[] { typeof(byte[]), typeof(byte[]), typeof(int), typeof(HashAlgorithmName) });
                if (ctor != null)
                {
                    return (p, s, i, l) =>
                    {
                        using (var kdf = (Rfc2898DeriveBytes)ctor.Invoke(new object[] { p, s, i, HashAlgorithmName.SHA256 }))
                            return kdf.GetBytes(l);
                    };
                }
            }
            catch (Exception e) when (e is AmbiguousMatchException || e is MemberAccessException || e is TargetInvocationException)
            {
                // fall back to the managed implementation
            }
            return null;
        }

        // ---- credentials <-> bytes without long-lived strings ---------------------------------------------------

        /// <summary>UTF-8 bytes of a SecureString; the caller zeroes the result.</summary>
        internal static byte[] SecureStringToUtf8(SecureString? secure)
        {
            if (secure is null || secure.Length == 0) return new byte[0];
            IntPtr ptr = IntPtr.Zero;
            char[]? chars = null;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
                chars = new char[secure.Length];
                Marshal.Copy(ptr, chars, 0, chars.Length);
                return StrictUtf8.GetBytes(chars);
            }
            catch (EncoderFallbackException e)
            {
                throw new ArgumentException("The password contains an unpaired surrogate character and cannot be stored.", nameof(secure), e);
            }
            finally
            {
                Zero(chars);
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        /// <summary>A read-only SecureString from UTF-8 bytes (the bytes are not cleared here).</summary>
        internal static SecureString Utf8ToSecureString(byte[] bytes, int offset, int count)
        {
            char[]? chars = null;
            try
            {
                chars = StrictUtf8.GetChars(bytes, offset, count);
                var secure = new SecureString();
                foreach (char c in chars) secure.AppendChar(c);
                secure.MakeReadOnly();
                return secure;
            }
            finally
            {
                Zero(chars);
            }
        }

        /// <summary>Plaintext of a record: 0x01 ‖ u16 user length ‖ user (UTF-8) ‖ u16 password length ‖ password (UTF-8).</summary>
        internal static byte[] EncodeCredential(string userName, SecureString? password)
        {
            byte[] user = StrictUtf8.GetBytes(userName ?? string.Empty);
            byte[] pwd = SecureStringToUtf8(password);
            try
            {
                if (user.Length > 1024) throw new ArgumentException("The user name is longer than 1024 bytes.", nameof(userName));
                if (pwd.Length > 8192) throw new ArgumentException("The password is longer than 8192 bytes.", nameof(password));
                var plain = new byte[1 + 2 + user.Length + 2 + pwd.Length];
                plain[0] = 1;
                plain[1] = (byte)(user.Length >> 8);
                plain[2] = (byte)user.Length;
                Buffer.BlockCopy(user, 0, plain, 3, user.Length);
                int p = 3 + user.Length;
                plain[p] = (byte)(pwd.Length >> 8);
                plain[p + 1] = (byte)pwd.Length;
                Buffer.BlockCopy(pwd, 0, plain, p + 2, pwd.Length);
                return plain;
            }
            finally
            {
                Zero(pwd);
            }
        }

        /// <summary>Inverse of <see cref="EncodeCredential"/>; returns null when the layout is wrong.</summary>
        internal static NetworkCredential? DecodeCredential(byte[] plain)
        {
            try
            {
                if (plain.Length < 5 || plain[0] != 1) return null;
                int userLen = (plain[1] << 8) | plain[2];
                if (3 + userLen + 2 > plain.Length) return null;
                string user = StrictUtf8.GetString(plain, 3, userLen);
                int p = 3 + userLen;
                int pwdLen = (plain[p] << 8) | plain[p + 1];
                if (p + 2 + pwdLen != plain.Length) return null;
                SecureString pwd = Utf8ToSecureString(plain, p + 2, pwdLen);
                return new NetworkCredential(user, pwd);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        // ---- record sealing (AES-256-CBC + HMAC-SHA256, encrypt-then-MAC) ----------------------------------------

        /// <summary>Encryption and MAC keys derived from the master key (HKDF-SHA256, separate info labels).</summary>
        internal sealed class StoreKeys : IDisposable
        {
            private static readonly byte[] Salt = Encoding.ASCII.GetBytes("FoscamPS credential store v1");

            internal StoreKeys(byte[] masterKey)
            {
                if (masterKey is null || masterKey.Length != KeySize)
                    throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
                EncryptionKey = Hkdf(masterKey, Salt, Encoding.ASCII.GetBytes("aes-256-cbc record encryption"), KeySize);
                MacKey = Hkdf(masterKey, Salt, Encoding.ASCII.GetBytes("hmac-sha256 record and file authentication"), KeySize);
                KeyCheck = HmacSha256(MacKey, Encoding.ASCII.GetBytes("FoscamPS key check v1"));
            }

            internal byte[] EncryptionKey { get; }
            internal byte[] MacKey { get; }

            /// <summary>Stored in the header: tells a wrong key from tampering.</summary>
            internal byte[] KeyCheck { get; }

            public void Dispose()
            {
                Zero(EncryptionKey);
                Zero(MacKey);
            }
        }

        /// <summary>MAC input: header tag ‖ format version ‖ len ‖ record id (lower-case) ‖ len ‖ address ‖ IV ‖ len ‖ ciphertext.</summary>
        internal static byte[] RecordMacInput(string recordId, string bindingAddress, byte[] iv, byte[] ciphertext)
        {
            using (var ms = new MemoryStream())
            {
                var w = new BinaryWriter(ms);
                w.Write(Encoding.ASCII.GetBytes("FPS-REC"));
                w.Write((byte)CredentialStoreFormat.RecordMacVersion);
                WriteBlock(w, Encoding.UTF8.GetBytes(NormalizeRecordId(recordId)));
                WriteBlock(w, Encoding.UTF8.GetBytes(bindingAddress));
                WriteBlock(w, iv);
                WriteBlock(w, ciphertext);
                w.Flush();
                return ms.ToArray();
            }
        }

        private static void WriteBlock(BinaryWriter w, byte[] data)
        {
            w.Write(data.Length);
            w.Write(data);
        }

        internal static string NormalizeRecordId(string recordId) => recordId.Trim().ToLowerInvariant();

        internal static void Seal(StoreKeys keys, string recordId, string bindingAddress, byte[] plaintext,
            out byte[] iv, out byte[] ciphertext, out byte[] mac)
        {
            iv = RandomBytes(IvSize);
            using (var aes = Aes.Create())
            {
                aes.Mode = CipherMode.CBC;
                aes.Padding = PaddingMode.PKCS7;
                aes.Key = keys.EncryptionKey;
                aes.IV = iv;
                using (var enc = aes.CreateEncryptor())
                    ciphertext = enc.TransformFinalBlock(plaintext, 0, plaintext.Length);
            }
            mac = HmacSha256(keys.MacKey, RecordMacInput(recordId, bindingAddress, iv, ciphertext));
        }

        /// <summary>Verifies the MAC (constant time) before decrypting; null when it does not verify.</summary>
        internal static byte[]? Open(StoreKeys keys, string recordId, string bindingAddress, byte[] iv, byte[] ciphertext, byte[] mac)
        {
            byte[] expected = HmacSha256(keys.MacKey, RecordMacInput(recordId, bindingAddress, iv, ciphertext));
            if (!FixedTimeEquals(expected, mac)) return null;
            using (var aes = Aes.Create())
            {
                aes.Mode = CipherMode.CBC;
                aes.Padding = PaddingMode.PKCS7;
                aes.Key = keys.EncryptionKey;
                aes.IV = iv;
                using (var dec = aes.CreateDecryptor())
                {
                    try
                    {
                        return dec.TransformFinalBlock(ciphertext, 0, ciphertext.Length);
                    }
                    catch (CryptographicException)
                    {
                        return null; // authentic but undecryptable: only possible with the key; treated as tampering
                    }
                }
            }
        }
    }
}
