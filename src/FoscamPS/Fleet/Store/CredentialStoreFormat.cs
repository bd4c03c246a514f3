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

        // ---- damage (accidental corruption: the unkeyed checksum does not match) -------------------------------

        /// <summary>
        /// True when the checksum did not match: the file was damaged (a flipped bit, a bad sector, a torn copy).
        /// The records are then parsed leniently and each one must prove itself with its own MAC
        /// (<see cref="Recover"/>); the file MAC cannot vouch for anything.
        /// </summary>
        internal bool IsDamaged { get; private set; }

        /// <summary>The header (protection, protected key, key check) could not be parsed; records were searched for.</summary>
        internal bool HeaderDamaged { get; private set; }

        /// <summary>Damaged records whose name could be read (their MAC failed or their structure is broken).</summary>
        internal List<string> DamagedIds { get; } = new List<string>();

        /// <summary>Damaged regions whose record name could not be read.</summary>
        internal int UnnamedDamage { get; private set; }

        /// <summary>True when something that may have been a record is unusable.</summary>
        internal bool LostRecords => DamagedIds.Count > 0 || UnnamedDamage > 0 || HeaderDamaged;

        private byte[]? _data;
        private int _recordsStart = -1;

        private const int HeaderPrefix = 8 + 2 + 1 + 4; // magic, version, protection, key length

        /// <summary>
        /// Damaged files only: keeps the records that verify (<paramref name="verify"/> checks a record's MAC with the
        /// key), walking the record area and, after a record that does not verify or does not parse, searching byte by
        /// byte for the next one that does. Damaged regions are named by the record id they start with when readable.
        /// </summary>
        internal void Recover(Func<Record, bool> verify)
        {
            if (!IsDamaged || _data is null) return;
            Records.Clear();
            DamagedIds.Clear();
            UnnamedDamage = 0;
            int end = _data.Length - 64;
            bool aligned = _recordsStart >= 0;
            int pos = aligned ? _recordsStart : HeaderPrefix;
            if (aligned && pos < end && !(TryReadRecord(_data, pos, end, out Record? first, out _, out string? firstId) && verify(first!)) && firstId is null)
            {
                // Nothing record-like where the header says the records start: the header's key length is the
                // damaged part. Search from the end of the fixed header instead.
                HeaderDamaged = true;
                aligned = false;
                pos = HeaderPrefix;
            }
            while (pos < end)
            {
                if (TryReadRecord(_data, pos, end, out Record? record, out int next, out _) && verify(record!))
                {
                    Records.Add(record!);
                    pos = next;
                    aligned = true;
                    continue;
                }
                int found = -1;
                for (int q = pos + 1; q < end && found < 0; q++)
                {
                    if (TryReadRecord(_data, q, end, out Record? candidate, out _, out _) && verify(candidate!)) found = q;
                }
                int gapEnd = found < 0 ? end : found;
                if (aligned) NameDamage(pos, gapEnd);
                if (found < 0) break;
                pos = found;
                aligned = true;
            }
            // Duplicate ids cannot come from FoscamPS; keep the first of each.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            Records.RemoveAll(r => !seen.Add(StoreCrypto.NormalizeRecordId(r.Id)));
        }

        private void NameDamage(int from, int to)
        {
            int p = from;
            while (p < to)
            {
                bool parsed = TryReadRecord(_data!, p, _data!.Length - 64, out _, out int next, out string? idHint);
                if (idHint != null) DamagedIds.Add(idHint);
                else UnnamedDamage++;
                if (!parsed || next > to || next <= p) break;
                p = next;
            }
        }

        /// <summary>Reads one record at <paramref name="pos"/> without throwing; <paramref name="idHint"/> is its name when that part is readable.</summary>
        private static bool TryReadRecord(byte[] d, int pos, int end, out Record? record, out int next, out string? idHint)
        {
            record = null;
            next = pos;
            idHint = null;
            int p = pos;
            string? id = TryString(d, ref p, end);
            if (id is null || id.Length == 0 || CamRegistryEntry.ValidateName(id) != null) return false;
            idHint = id;
            string? address = TryString(d, ref p, end);
            if (address is null || address.Length == 0) return false;
            if (end - p < StoreCrypto.IvSize + 4) return false;
            var iv = new byte[StoreCrypto.IvSize];
            Buffer.BlockCopy(d, p, iv, 0, iv.Length);
            p += iv.Length;
            long ctLen = ((long)d[p] << 24) | ((long)d[p + 1] << 16) | ((long)d[p + 2] << 8) | d[p + 3];
            p += 4;
            if (ctLen == 0 || ctLen % 16 != 0 || ctLen > (1 << 16) || end - p < ctLen + StoreCrypto.MacSize) return false;
            var ct = new byte[ctLen];
            Buffer.BlockCopy(d, p, ct, 0, ct.Length);
            p += ct.Length;
            var mac = new byte[StoreCrypto.MacSize];
            Buffer.BlockCopy(d, p, mac, 0, mac.Length);
            p += mac.Length;
            record = new Record { Id = id, Address = address, Iv = iv, Ciphertext = ct, Mac = mac };
            next = p;
            return true;
        }

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        private static string? TryString(byte[] d, ref int p, int end)
        {
            if (end - p < 2) return null;
            int len = (d[p] << 8) | d[p + 1];
            if (len > 1024 || end - p - 2 < len) return null;
            try
            {
                string s = StrictUtf8.GetString(d, p + 2, len);
                foreach (char c in s)
                    if (c < ' ' || c == '\u007f') return null;
                p += 2 + len;
                return s;
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        /// <summary>
        /// Lenient parse of a damaged file (checksum mismatch): the header as far as it reads, the records as far as
        /// they parse in sequence (unverified until <see cref="Recover"/>). Throws StoreCorrupt only when nothing
        /// identifies the file as a credential store.
        /// </summary>
        private static CredentialStoreFormat ParseDamaged(byte[] data, string display)
        {
            int magicHits = 0;
            for (int i = 0; i < Magic.Length; i++)
                if (data[i] == Magic[i]) magicHits++;
            if (magicHits < Magic.Length - 2)
                throw Corrupt(display, "its checksum does not match and its header is not that of a FoscamPS credential store");
            var format = new CredentialStoreFormat { IsDamaged = true, _data = data };
            int end = data.Length - 64;
            int p = Magic.Length + 2; // the version is not trusted here: a damaged file is read as the only format there is
            byte protection = data[p++];
            format.Protection = Enum.IsDefined(typeof(CamKeyProtection), protection) ? (CamKeyProtection)protection : 0;
            long keyLen = ((long)data[p] << 24) | ((long)data[p + 1] << 16) | ((long)data[p + 2] << 8) | data[p + 3];
            p += 4;
            if (keyLen <= (1 << 16) && end - p >= keyLen + StoreCrypto.MacSize + 4)
            {
                format.ProtectedKey = new byte[keyLen];
                Buffer.BlockCopy(data, p, format.ProtectedKey, 0, (int)keyLen);
                p += (int)keyLen;
                format.KeyCheck = new byte[StoreCrypto.MacSize];
                Buffer.BlockCopy(data, p, format.KeyCheck, 0, StoreCrypto.MacSize);
                p += StoreCrypto.MacSize + 4; // the count is not trusted: records are read to the end
                format._recordsStart = p;
                while (p < end && TryReadRecord(data, p, end, out Record? r, out int next, out _))
                {
                    format.Records.Add(r!);
                    p = next;
                }
            }
            else
            {
                format.HeaderDamaged = true;
            }
            return format;
        }

        /// <summary>
        /// Checks the checksum and the structure (no key needed). Throws StoreCorrupt / StoreVersionUnsupported.
        /// A file whose checksum does not match is not rejected as a whole: it is parsed leniently and marked
        /// <see cref="IsDamaged"/> so that intact records stay usable.
        /// </summary>
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
                    return ParseDamaged(data, display);
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

        internal static CamStoreException Corrupt(string display, string problem, string? advice = null, string? camera = null) =>
            new CamStoreException(CamStoreErrorId.StoreCorrupt, CamStoreErrorKind.Corrupt,
                camera is null
                    ? $"The credential store '{display}' is damaged: {problem}. It was not changed and no credential was used."
                    : $"The credential store '{display}' is damaged: {problem}. It was not changed; the other cameras' credentials are intact.",
                advice ?? $"Restore the previous version (Copy-Item '{display}.bak' '{display}') or a backup; or reset the credential store " +
                "(delete the file) and store the camera credentials again.",
                display, camera);

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
