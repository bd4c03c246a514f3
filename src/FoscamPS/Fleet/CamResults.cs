using System;
using System.Globalization;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Fleet
{
    /// <summary>Builds typed results from parsed replies (one place for each reply shape).</summary>
    internal static class CamResults
    {
        public static Version? ParseVersion(string? text)
            => text is not null && Version.TryParse(text.Trim(), out var v) ? v : null;

        public static CamStatus Status(CamSession session, CamVars vars)
        {
            var now = vars.GetInt64("now");
            var tz = vars.GetInt32("tz");
            var status = new CamStatus
            {
                Camera = session,
                CameraId = vars.GetString("id"),
                Alias = vars.GetString("alias"),
                SystemVersion = ParseVersion(vars.GetString("sys_ver")),
                WebUiVersion = ParseVersion(vars.GetString("app_ver")),
                Now = now is null ? null : DateTimeOffset.FromUnixTimeSeconds(now.Value),
                // tz is seconds WEST of UTC (EST = 18000): a usual offset has the opposite sign.
                UtcOffset = CamCodes.OffsetFromTz(tz),
                AlarmStatus = vars.GetInt32("alarm_status") is { } a ? (CamAlarmStatus)a : null,
                DdnsStatus = vars.GetInt32("ddns_status") is { } d ? (CamDdnsStatus)d : null,
                DdnsHost = vars.GetString("ddns_host"),
                UpnpStatus = vars.GetInt32("upnp_status") is { } u ? (CamUpnpStatus)u : null,
                Link = vars.GetInt32("wifi_status") is { } w ? (CamLinkStatus)w : null,
                MsnStatus = vars.GetInt32("msn_status") is { } m ? (CamMsnStatus)m : null,
            };
            if (status.Now is { } cameraNow) status.ClockSkew = cameraNow - DateTimeOffset.UtcNow;
            // the session sanitises again and keeps the raw text itself (straight from the reply: no reflection per camera)
            Learn(session, vars.GetString("id"), vars.GetString("alias"), status.SystemVersion, status.WebUiVersion);
            return status;
        }

        /// <summary>Keeps what a reply told about the camera on the session.</summary>
        public static void Learn(CamSession session, string? id, string? alias, Version? sys, Version? app)
        {
            if (id is not null && session.CameraId is null) session.CameraId = id;
            if (alias is not null) session.Alias = alias;
            if (sys is not null) session.SystemVersion = sys;
            if (app is not null) session.WebUiVersion = app;
        }

        public static CamPrivilege PrivilegeFromCheckUser(int? pri)
            => CamPrivilegeScale.FromCheckUser(pri);

        internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
