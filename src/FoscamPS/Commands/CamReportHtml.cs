using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Renders the fleet report: one self-contained HTML page (inline CSS, thumbnails as data: URIs, a CSP that
    /// forbids any other source), responsive (one column on a phone, a grid on a wide screen). Every text that came
    /// from a camera goes through <see cref="H"/>; nothing secret is passed in.
    /// </summary>
    internal static class CamReportHtml
    {
        internal sealed class Section
        {
            public string Title { get; set; } = "";
            public string Id { get; set; } = "";
            public string[] Columns { get; set; } = Array.Empty<string>();
            public List<(string? Css, string[] Cells)> Rows { get; } = new List<(string?, string[])>();
        }

        private const string Css = @"
:root{--bg:#f6f7f9;--fg:#1b1f24;--muted:#5b6470;--card:#fff;--line:#d9dde3;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{padding:1rem 1.25rem;background:#24292f;color:#fff}
header h1{margin:0;font-size:1.35rem}
header p{margin:.25rem 0 0;color:#c9d1d9;font-size:.9rem}
main{padding:1rem 1.25rem;max-width:110rem;margin:0 auto}
.summary{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem;padding:0;list-style:none}
.summary li{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.4rem .8rem}
.summary b{font-size:1.15rem;margin-right:.25rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.6rem;overflow:hidden;display:flex;flex-direction:column}
.card img,.card .noimg{display:block;width:100%;aspect-ratio:4/3;object-fit:cover;background:#e6e8eb}
.card .noimg{display:flex;align-items:center;justify-content:center;color:var(--muted);font-size:.85rem}
.card .body{padding:.6rem .8rem}
.card h2{margin:0 0 .3rem;font-size:1rem;overflow-wrap:anywhere}
.card dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem;font-size:.85rem}
.card dt{color:var(--muted)}
.card dd{margin:0;overflow-wrap:anywhere}
.state-ok{color:var(--ok);font-weight:600}.state-bad{color:var(--bad);font-weight:600}.state-warn{color:var(--warn);font-weight:600}
section{margin-top:1.5rem}
section h2{font-size:1.15rem}
.scroll{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:.5rem}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f4;position:sticky;top:0}
tr.fail td:first-child{border-left:3px solid var(--bad)}
tr.unverifiable td:first-child{border-left:3px solid var(--warn)}
@media (max-width:30rem){main{padding:.6rem}.grid{grid-template-columns:1fr}}
@media print{header{background:none;color:#000}}
";

        /// <summary>HTML-encodes text (quotes included) after removing control characters.</summary>
        internal static string H(string? text)
        {
            if (string.IsNullOrEmpty(text)) return "";
            var clean = new string(text!.Where(c => !char.IsControl(c)).ToArray());
            return WebUtility.HtmlEncode(clean);
        }

        internal static string Render(string title, DateTimeOffset generatedAt, IReadOnlyList<CamReportRow> rows, IReadOnlyList<Section> sections)
        {
            var sb = new StringBuilder(4096 + rows.Sum(r => (r.Snapshot?.Length ?? 0) * 4 / 3 + 1024));
            var inv = CultureInfo.InvariantCulture;
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n");
            sb.Append("<meta name=\"generator\" content=\"FoscamPS Export-CamReport\">\n");
            sb.Append("<title>").Append(H(title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
            sb.Append("<header><h1>").Append(H(title)).Append("</h1><p>Generated ")
              .Append(H(generatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", inv))).Append(" UTC by FoscamPS</p></header>\n<main>\n");

            var online = rows.Count(r => r.Status is not null);
            var alarms = rows.Count(r => r.Status?.AlarmStatus is { } a && a != CamAlarmStatus.None);
            sb.Append("<ul class=\"summary\">");
            Stat(sb, rows.Count, "cameras");
            Stat(sb, online, "online");
            Stat(sb, rows.Count - online, "offline");
            Stat(sb, alarms, "in alarm");
            foreach (var s in sections) Stat(sb, s.Rows.Count(r => r.Css == "fail" || s.Id == "drift"), s.Id == "drift" ? "drifting fields" : "failed checks");
            sb.Append("</ul>\n");

            sb.Append("<div class=\"grid\" id=\"cameras\">\n");
            foreach (var r in rows.OrderBy(r => r.Camera.Name, StringComparer.OrdinalIgnoreCase))
            {
                var st = r.Status;
                sb.Append("<article class=\"card\" data-camera=\"").Append(H(r.Camera.Name)).Append("\" data-camera-id=\"")
                  .Append(H(st?.CameraId ?? r.Camera.CameraId)).Append("\">");
                if (r.Snapshot is not null)
                {
                    sb.Append("<img alt=\"Snapshot of ").Append(H(r.Camera.Name)).Append("\" src=\"data:image/jpeg;base64,")
                      .Append(Convert.ToBase64String(r.Snapshot)).Append("\">");
                }
                else
                {
                    sb.Append("<div class=\"noimg\">").Append(H(r.SnapshotError ?? "no snapshot")).Append("</div>");
                }
                sb.Append("<div class=\"body\"><h2>").Append(H(r.Camera.Name)).Append("</h2><dl>");
                Field(sb, "Address", r.Camera.Address.ToString());
                if (st is null)
                {
                    sb.Append("<dt>Status</dt><dd class=\"state-bad\">Offline</dd>");
                    Field(sb, "Error", r.Error);
                }
                else
                {
                    sb.Append("<dt>Status</dt><dd class=\"state-ok\">Online</dd>");
                    Field(sb, "Alias", st.Alias);
                    Field(sb, "Id", st.CameraId);
                    Field(sb, "Firmware", st.SystemVersion?.ToString());
                    Field(sb, "Web UI", st.WebUiVersion?.ToString());
                    var alarm = st.AlarmStatus ?? CamAlarmStatus.None;
                    sb.Append("<dt>Alarm</dt><dd class=\"").Append(alarm == CamAlarmStatus.None ? "state-ok" : "state-warn").Append("\">").Append(H(alarm.ToString())).Append("</dd>");
                    Field(sb, "Link", st.Link?.ToString());
                    if (st.ClockSkew is { } skew)
                    {
                        var off = Math.Abs(skew.TotalMinutes) > 5;
                        sb.Append("<dt>Clock</dt><dd class=\"").Append(off ? "state-warn" : "state-ok").Append("\">")
                          .Append(H(FormatSkew(skew))).Append("</dd>");
                    }
                }
                sb.Append("</dl></div></article>\n");
            }
            sb.Append("</div>\n");

            foreach (var s in sections)
            {
                sb.Append("<section id=\"").Append(H(s.Id)).Append("\"><h2>").Append(H(s.Title)).Append("</h2>");
                if (s.Rows.Count == 0)
                {
                    sb.Append("<p>Nothing to report.</p></section>\n");
                    continue;
                }
                sb.Append("<div class=\"scroll\"><table><thead><tr>");
                foreach (var c in s.Columns) sb.Append("<th>").Append(H(c)).Append("</th>");
                sb.Append("</tr></thead><tbody>\n");
                foreach (var (css, cells) in s.Rows)
                {
                    sb.Append(css is null ? "<tr>" : "<tr class=\"" + H(css) + "\">");
                    foreach (var c in cells) sb.Append("<td>").Append(H(c)).Append("</td>");
                    sb.Append("</tr>\n");
                }
                sb.Append("</tbody></table></div></section>\n");
            }
            sb.Append("</main>\n</body>\n</html>\n");
            return sb.ToString();
        }

        private static string FormatSkew(TimeSpan skew)
        {
            var sign = skew < TimeSpan.Zero ? "-" : "+";
            var a = skew.Duration();
            return a.TotalSeconds < 60 ? $"{sign}{(int)a.TotalSeconds} s" : a.TotalHours < 48 ? $"{sign}{(int)a.TotalMinutes} min" : $"{sign}{(int)a.TotalDays} days";
        }

        private static void Stat(StringBuilder sb, int n, string label)
            => sb.Append("<li><b>").Append(n.ToString(CultureInfo.InvariantCulture)).Append("</b>").Append(H(label)).Append("</li>");

        private static void Field(StringBuilder sb, string label, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            sb.Append("<dt>").Append(H(label)).Append("</dt><dd>").Append(H(value)).Append("</dd>");
        }
    }
}
