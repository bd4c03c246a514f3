using System;
using System.Linq;
using System.Globalization;

namespace FoscamPS.Model
{
    /// <summary>The codecs of the settings groups (all the same table-driven <see cref="CamGroupCodec"/>, one per group).</summary>
    internal static class CamGroupCodecs
    {
        public static readonly CamGroupCodec Network = new CamGroupCodec<CamNetworkSettings>("Network");
        public static readonly CamGroupCodec Wifi = new CamGroupCodec<CamWifiSettings>("Wifi");
        public static readonly CamGroupCodec DateTime = new CamGroupCodec<CamDateTimeSettings>("DateTime");
        public static readonly CamGroupCodec Alarm = new CamGroupCodec<CamAlarmSettings>("Alarm");
        public static readonly CamGroupCodec Ftp = new CamGroupCodec<CamFtpSettings>("Ftp");
        public static readonly CamGroupCodec Mail = new CamGroupCodec<CamMailSettings>("Mail");
        public static readonly CamGroupCodec PrivacySchedule = new CamGroupCodec<CamPrivacySchedule>("PrivacySchedule");
        public static readonly CamGroupCodec Pppoe = new CamGroupCodec<CamPppoeSettings>("Pppoe");
        public static readonly CamGroupCodec Upnp = new CamGroupCodec<CamUpnpSettings>("Upnp");
        public static readonly CamGroupCodec Ddns = new CamGroupCodec<CamDdnsSettings>("Ddns");
        public static readonly CamGroupCodec FactoryDdns = new CamGroupCodec<CamFactoryDdnsSettings>("FactoryDdns");
        public static readonly CamGroupCodec Msn = new CamGroupCodec<CamMsnSettings>("Msn");
        public static readonly CamGroupCodec Misc = new CamGroupCodec<CamMiscSettings>("Misc");
        public static readonly CamGroupCodec Image = new CamGroupCodec<CamImageSettings>("ImageSetting");
        public static readonly CamGroupCodec Decoder = new CamGroupCodec<CamDecoderSettings>("Decoder");

        /// <summary>The multi-device entries' codecs by index (built once with the class: no lock on the per-camera path).</summary>
        private static readonly CamGroupCodec[] DeviceLinks = Enumerable.Range(0, CamFieldTable.LastDevice + 1)
            .Select(i => i < CamFieldTable.FirstDevice ? null! : new CamGroupCodec(typeof(CamDeviceLink), "Devices", i, () => new CamDeviceLink { Index = i }))
            .ToArray();

        /// <summary>One multi-device entry dev2..dev9 (set_devices.cgi takes one entry's five fields).</summary>
        public static CamGroupCodec DeviceLink(int index)
            => index >= CamFieldTable.FirstDevice && index <= CamFieldTable.LastDevice
                ? DeviceLinks[index]
                : throw new ArgumentOutOfRangeException(nameof(index), index, $"A device link is {CamFieldTable.FirstDevice}..{CamFieldTable.LastDevice}.");
    }
}
