using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace FoscamPS.Fleet.Store
{
    /// <summary>
    /// Binary layout of <c>credentials.dat</c> (integers big-endian):
    /// <code>
    /// magic "FPS-CRED" (8) | version u16 | protection u8 | protectedKey len u32 + bytes | keyCheck (32) | count u32
    /// count × [ id len u16 + UTF-8 | address len u16 + UTF-8 | IV (16) | ciphertext len u32 + bytes | MAC (32) ]
    /// fileMac (32) = HMAC-SHA256(macKey, "FPS-FILE" ‖ all bytes before it)
    /// checksum (32) = SHA-256(all bytes before it)
    /// </code>
    /// The checksum tells accidental damage (StoreCorrupt) from deliberate modification (the keyed file MAC,
    /// StoreTampered); record MACs bind each secret to its record id and camera address.
    /// </summary>
    internal sealed class CredentialStoreFormat
    {
        internal const int Version = 1;
        private const int MaxRecords = 100_000;
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("FPS-CRED");
        private static readonly byte[] FileMacTag = Encoding.ASCII.GetBytes("FPS-FILE");

        internal CamKeyProtection Protection { get; set; }

        internal byte[] ProtectedKey { get; set; } = new byte[0];

        internal byte[] KeyCheck { get; set; } = new byte[StoreCrypto.MacSize];

        internal List<Record> Records { get; } = new List<Record>();

        /// <summary>Bytes covered by the file MAC (set by <see cref="Parse"/>).</summary>
        private byte[]? _body;
        private byte[]? _fileMac;

        internal sealed class Record
        {
            internal string Id = string.Empty;
            internal string Address = string.Empty;
            internal byte[] Iv = new byte[StoreCrypto.IvSize];
            internal byte[] Ciphertext = new byte[0];
            internal byte[] Mac = new byte[StoreCrypto.MacSize];
        }

        internal Record? Find(string recordId)
        {
            string key = StoreCrypto.NormalizeRecordId(recordId);
            return Records.Find(r => StoreCrypto.NormalizeRecordId(r.Id) == key);
        }

        internal bool VerifyFileMac(byte[] macKey)
        {
            if (_body is null || _fileMac is null) return false;
            return StoreCrypto.FixedTimeEquals(ComputeFileMac(macKey, _body), _fileMac);
        }

        private static byte[] ComputeFileMac(byte[] macKey, byte[] body)
        {
            using (var h = new HMACSHA256(macKey))
            {
                h.TransformBlock(FileMacTag, 0, FileMacTag.Length, null, 0);
                h.TransformFinalBlock(body, 0, body.Length);
                return h.Hash!;
            }
        }

        internal byte[] Serialize(byte[] macKey)
        {
            byte[] body;
            using (var ms = new MemoryStream())
            {
                ms.Write(Magic, 0, Magic.Length);
                WriteU16(ms, Version);
                ms.WriteByte((byte)Protection);
                WriteU32(ms, ProtectedKey.Length);
                ms.Write(ProtectedKey, 0, ProtectedKey.Length);
                ms.Write(KeyCheck, 0, KeyCheck.Length);
                WriteU32(ms, Records.Count);
                foreach (Record r in Records)
                {
                    WriteString(ms, r.Id);
                    WriteString(ms, r.Address);
                    ms.Write(r.Iv, 0, r.Iv.Length);
                    WriteU32(ms, r.Ciphertext.Length);
                    ms.Write(r.Ciphertext, 0, r.Ciphertext.Length);
                    ms.Write(r.Mac, 0, r.Mac.Length);
                }
                body = ms.ToArray();
            }
            byte[] fileMac = ComputeFileMac(macKey, body);
            var result = new byte[body.Length + fileMac.Length + 32];
            Buffer.BlockCopy(body, 0, result, 0, body.Length);
            Buffer.BlockCopy(fileMac, 0, result, body.Length, fileMac.Length);
            using (var sha = SHA256.Create())
            {
                byte[] sum = sha.ComputeHash(result, 0, body.Length + fileMac.Length);
                Buffer.BlockCopy(sum, 0, result, body.Length + fileMac.Length, sum.Length);
            }
            _body = body;
            _fileMac = fileMac;
            return result;
        }

        /// <summary>Checks the checksum and the structure (no key needed). Throws StoreCorrupt / StoreVersionUnsupported.</summary>
        internal static CredentialStoreFormat Parse(byte[] data, string display)
        {
            const int minimum = 8 + 2 + 1 + 4 + 32 + 4 + 32 + 32;
            if (data.Length < minimum)
                throw Corrupt(display, $"it is truncated ({data.Length} bytes)");

            int sumAt = data.Length - 32;
            using (var sha = SHA256.Create())
            {
                byte[] sum = sha.ComputeHash(data, 0, sumAt);
                var stored = new byte[32];
                Buffer.BlockCopy(data, sumAt, stored, 0, 32);
                if (!StoreCrypto.FixedTimeEquals(sum, stored))
                    throw Corrupt(display, "its checksum does not match (the file was damaged, truncated or edited)");
            }

            for (int i = 0; i < Magic.Length; i++)
                if (data[i] != Magic[i]) throw Corrupt(display, "it is not a FoscamPS credential store");

            var reader = new Reader(data, Magic.Length, sumAt - 32, display);
            int version = reader.U16();
            if (version != Version)
            {
                if (version > Version)
                {
                    throw new CamStoreException(CamStoreErrorId.StoreVersionUnsupported, CamStoreErrorKind.Unsupported,
                        $"The credential store '{display}' was written by a newer FoscamPS (format {version}; this version reads {Version}). It was not changed.",
                        "Update the FoscamPS module.", display);
                }
                throw Corrupt(display, $"its format version {version} is not valid");
            }

            var format = new CredentialStoreFormat();
            byte protection = reader.U8();
            if (!Enum.IsDefined(typeof(CamKeyProtection), protection))
                throw Corrupt(display, $"its key protection code {protection} is unknown");
            format.Protection = (CamKeyProtection)protection;
            format.ProtectedKey = reader.Bytes(reader.U32(), 1 << 16);
            format.KeyCheck = reader.Bytes(StoreCrypto.MacSize, StoreCrypto.MacSize);
            int count = reader.U32();
            if (count > MaxRecords) throw Corrupt(display, $"it claims {count} records");
            for (int i = 0; i < count; i++)
            {
                var r = new Record
                {
                    Id = reader.String(),
                    Address = reader.String(),
                    Iv = reader.Bytes(StoreCrypto.IvSize, StoreCrypto.IvSize),
                };
                r.Ciphertext = reader.Bytes(reader.U32(), 1 << 16);
                r.Mac = reader.Bytes(StoreCrypto.MacSize, StoreCrypto.MacSize);
                if (r.Id.Length == 0 || r.Ciphertext.Length == 0 || r.Ciphertext.Length % 16 != 0)
                    throw Corrupt(display, $"record {i + 1} is malformed");
                format.Records.Add(r);
            }
            if (reader.Position != sumAt - 32)
                throw Corrupt(display, "it has unexpected bytes after the last record");

            format._body = new byte[sumAt - 32];
            Buffer.BlockCopy(data, 0, format._body, 0, format._body.Length);
            format._fileMac = new byte[32];
            Buffer.BlockCopy(data, sumAt - 32, format._fileMac, 0, 32);
            return format;
        }

        internal static CamStoreException Corrupt(string display, string problem) =>
            new CamStoreException(CamStoreErrorId.StoreCorrupt, CamStoreErrorKind.Corrupt,
                $"The credential store '{display}' is damaged: {problem}. It was not changed and no credential was used.",
                $"Restore the previous version (Copy-Item '{display}.bak' '{display}') or a backup; or reset the credential store " +
                "(delete the file) and store the camera credentials again.",
                display);

        private static void WriteU16(Stream s, int v)
        {
            s.WriteByte((byte)(v >> 8));
            s.WriteByte((byte)v);
        }

        private static void WriteU32(Stream s, int v)
        {
            s.WriteByte((byte)(v >> 24));
            s.WriteByte((byte)(v >> 16));
            s.WriteByte((byte)(v >> 8));
            s.WriteByte((byte)v);
        }

        private static void WriteString(Stream s, string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            if (bytes.Length > 1024) throw new ArgumentException("A record id or address is longer than 1024 bytes.");
            WriteU16(s, bytes.Length);
            s.Write(bytes, 0, bytes.Length);
        }

        private sealed class Reader
        {
            private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);
            private readonly byte[] _data;
            private readonly int _end;
            private readonly string _display;

            internal Reader(byte[] data, int start, int end, string display)
            {
                _data = data;
                Position = start;
                _end = end;
                _display = display;
            }

            internal int Position { get; private set; }

            private void Need(int n)
            {
                if (n < 0 || _end - Position < n) throw Corrupt(_display, "a field runs past the end of the file");
            }

            internal byte U8()
            {
                Need(1);
                return _data[Position++];
            }

            internal int U16()
            {
                Need(2);
                int v = (_data[Position] << 8) | _data[Position + 1];
                Position += 2;
                return v;
            }

            internal int U32()
            {
                Need(4);
                uint v = ((uint)_data[Position] << 24) | ((uint)_data[Position + 1] << 16) | ((uint)_data[Position + 2] << 8) | _data[Position + 3];
                Position += 4;
                if (v > int.MaxValue) throw Corrupt(_display, "a length field is out of range");
                return (int)v;
            }

            internal byte[] Bytes(int count, int max)
            {
                if (count > max) throw Corrupt(_display, "a length field is out of range");
                Need(count);
                var b = new byte[count];
                Buffer.BlockCopy(_data, Position, b, 0, count);
                Position += count;
                return b;
            }

            internal string String()
            {
                int len = U16();
                if (len > 1024) throw Corrupt(_display, "a text field is too long");
                Need(len);
                try
                {
                    string s = Strict.GetString(_data, Position, len);
                    Position += len;
                    return s;
                }
                catch (DecoderFallbackException)
                {
                    throw Corrupt(_display, "a text field is not valid UTF-8");
                }
            }
        }
    }
}
