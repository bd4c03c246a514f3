using System;
using System.Net;
using System.Text;

namespace FoscamPS.Protocol
{
    /// <summary>What a camera reports in its answer to the LAN search (MO_I operation 1).</summary>
    internal sealed class DiscoveryInfo
    {
        /// <summary>Camera id: its MAC as 12 hex digits.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>The alias (at most 20 bytes on the wire).</summary>
        public string Name { get; set; } = string.Empty;

        public IPAddress Address { get; set; } = IPAddress.Any;

        public IPAddress Mask { get; set; } = IPAddress.Any;

        public IPAddress Gateway { get; set; } = IPAddress.Any;

        public IPAddress Dns { get; set; } = IPAddress.Any;

        /// <summary>System firmware version a.b.c.d.</summary>
        public Version SystemVersion { get; set; } = new Version(0, 0, 0, 0);

        /// <summary>Web UI version a.b.c.d.</summary>
        public Version AppVersion { get; set; } = new Version(0, 0, 0, 0);

        /// <summary>HTTP port.</summary>
        public int HttpPort { get; set; }

        /// <summary>True when the camera takes its address from DHCP.</summary>
        public bool Dhcp { get; set; }
    }

    /// <summary>
    /// The UDP LAN search of the MJPEG cameras ("IPCamera search protocol", port 10000). Every command starts with a
    /// 23-byte header: <c>"MO_I"</c>, operation code (uint16 LE), 1 reserved byte, 8 reserved bytes, text length
    /// (uint32 LE), 4 reserved bytes; the text follows. Search request: operation 0, text <c>00 00 00 01</c>
    /// (27 bytes). Search response: operation 1, 65 bytes of text (88 bytes): id[13], name[21] (NUL-padded ASCII),
    /// IP, mask, gateway, DNS (4 bytes each, network order), 4 reserved bytes, system version a.b.c.d, web UI version
    /// a.b.c.d, HTTP port (uint16 big-endian), DHCP flag (1 byte). Layout and sources: docs/emulator-formats.md.
    /// Pure data handling, no sockets; shared by the emulator and the module.
    /// </summary>
    internal static class DiscoveryPacket
    {
        /// <summary>The UDP port cameras listen on.</summary>
        public const int DefaultPort = 10000;

        public const int HeaderLength = 23;

        public const ushort SearchRequestOperation = 0;

        public const ushort SearchResponseOperation = 1;

        public const int SearchRequestLength = HeaderLength + 4;

        public const int SearchResponseTextLength = 65;

        public const int SearchResponseLength = HeaderLength + SearchResponseTextLength;

        private const int IdField = 13;
        private const int NameField = 21;

        /// <summary>The 27-byte search request (operation 0).</summary>
        public static byte[] BuildSearchRequest()
        {
            var packet = new byte[SearchRequestLength];
            WriteHeader(packet, SearchRequestOperation, 4);
            packet[HeaderLength + 3] = 1;
            return packet;
        }

        /// <summary>Reads the header: magic, operation and text length (which must fit in the datagram).</summary>
        public static bool TryReadHeader(byte[] data, int length, out ushort operation, out int textLength)
        {
            operation = 0;
            textLength = 0;
            if (data == null || length < HeaderLength || length > data.Length ||
                data[0] != (byte)'M' || data[1] != (byte)'O' || data[2] != (byte)'_' || data[3] != (byte)'I')
            {
                return false;
            }

            operation = (ushort)(data[4] | (data[5] << 8));
            uint text = (uint)(data[15] | (data[16] << 8) | (data[17] << 16) | (data[18] << 24));
            if (text > (uint)(length - HeaderLength))
            {
                return false;
            }

            textLength = (int)text;
            return true;
        }

        /// <summary>True for a search request (operation 0). The text's content is not checked: cameras answer any.</summary>
        public static bool IsSearchRequest(byte[] data, int length) =>
            TryReadHeader(data, length, out ushort operation, out _) && operation == SearchRequestOperation;

        /// <summary>The 88-byte search response (operation 1) for one camera.</summary>
        public static byte[] BuildSearchResponse(DiscoveryInfo info)
        {
            if (info == null) throw new ArgumentNullException(nameof(info));
            var packet = new byte[SearchResponseLength];
            WriteHeader(packet, SearchResponseOperation, SearchResponseTextLength);
            int p = HeaderLength;
            WriteText(packet, p, IdField, info.Id);
            p += IdField;
            WriteText(packet, p, NameField, info.Name);
            p += NameField;
            foreach (var address in new[] { info.Address, info.Mask, info.Gateway, info.Dns })
            {
                WriteAddress(packet, p, address);
                p += 4;
            }

            p += 4; // reserved
            WriteVersion(packet, p, info.SystemVersion);
            p += 4;
            WriteVersion(packet, p, info.AppVersion);
            p += 4;
            if (info.HttpPort < 0 || info.HttpPort > 65535) throw new ArgumentOutOfRangeException(nameof(info), "HttpPort must be 0-65535.");
            packet[p] = (byte)(info.HttpPort >> 8);
            packet[p + 1] = (byte)info.HttpPort;
            packet[p + 2] = info.Dhcp ? (byte)1 : (byte)0;
            return packet;
        }

        /// <summary>Parses a search response; false for anything else (other operations, short or foreign datagrams).</summary>
        public static bool TryParseSearchResponse(byte[] data, int length, out DiscoveryInfo? info)
        {
            info = null;
            if (!TryReadHeader(data, length, out ushort operation, out int textLength) ||
                operation != SearchResponseOperation || textLength < SearchResponseTextLength - 1)
            {
                return false;
            }

            int p = HeaderLength;
            var result = new DiscoveryInfo { Id = ReadText(data, p, IdField) };
            p += IdField;
            result.Name = ReadText(data, p, NameField);
            p += NameField;
            result.Address = ReadAddress(data, p);
            result.Mask = ReadAddress(data, p + 4);
            result.Gateway = ReadAddress(data, p + 8);
            result.Dns = ReadAddress(data, p + 12);
            p += 20; // four addresses + reserved
            result.SystemVersion = new Version(data[p], data[p + 1], data[p + 2], data[p + 3]);
            result.AppVersion = new Version(data[p + 4], data[p + 5], data[p + 6], data[p + 7]);
            p += 8;
            result.HttpPort = (data[p] << 8) | data[p + 1];
            // The DHCP flag exists only from firmware x.x.2.2 on (a 64-byte text lacks it).
            result.Dhcp = textLength >= SearchResponseTextLength && data[p + 2] != 0;
            info = result;
            return true;
        }

        private static void WriteHeader(byte[] packet, ushort operation, int textLength)
        {
            packet[0] = (byte)'M';
            packet[1] = (byte)'O';
            packet[2] = (byte)'_';
            packet[3] = (byte)'I';
            packet[4] = (byte)operation;
            packet[5] = (byte)(operation >> 8);
            packet[15] = (byte)textLength;
            packet[16] = (byte)(textLength >> 8);
            packet[17] = (byte)(textLength >> 16);
            packet[18] = (byte)(textLength >> 24);
        }

        /// <summary>ASCII (non-ASCII becomes '?'), cut to leave at least one NUL.</summary>
        private static void WriteText(byte[] packet, int offset, int field, string? text)
        {
            if (string.IsNullOrEmpty(text)) return;
            int n = Math.Min(text!.Length, field - 1);
            for (int i = 0; i < n; i++)
            {
                char c = text[i];
                packet[offset + i] = c >= ' ' && c < 0x7F ? (byte)c : (byte)'?';
            }
        }

        private static string ReadText(byte[] data, int offset, int field)
        {
            int n = 0;
            while (n < field && data[offset + n] != 0) n++;
            return Encoding.ASCII.GetString(data, offset, n);
        }

        private static void WriteAddress(byte[] packet, int offset, IPAddress? address)
        {
            byte[] bytes = (address ?? IPAddress.Any).GetAddressBytes();
            if (bytes.Length != 4) throw new ArgumentException("Only IPv4 addresses can be reported.", nameof(address));
            Buffer.BlockCopy(bytes, 0, packet, offset, 4);
        }

        private static IPAddress ReadAddress(byte[] data, int offset) =>
            new IPAddress(new[] { data[offset], data[offset + 1], data[offset + 2], data[offset + 3] });

        private static void WriteVersion(byte[] packet, int offset, Version? version)
        {
            var v = version ?? new Version(0, 0, 0, 0);
            packet[offset] = Part(v.Major);
            packet[offset + 1] = Part(v.Minor);
            packet[offset + 2] = Part(v.Build);
            packet[offset + 3] = Part(v.Revision);
        }

        private static byte Part(int value) => value < 0 ? (byte)0 : value > 255 ? (byte)255 : (byte)value;
    }
}
