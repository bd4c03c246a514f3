using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>Get-CamLog: the camera's access log (get_log.cgi) as one object per entry.</summary>
    [Cmdlet(VerbsCommon.Get, "CamLog", HelpUri = CamHelp.Base + "Get-CamLog.md")]
    [OutputType(typeof(CamLogEntry))]
    public sealed class GetCamLogCommand : CamFleetCmdlet
    {
        private WildcardPattern[]? _users;

        /// <summary>Only entries after this time (camera local time).</summary>
        [Parameter]
        public DateTime? After { get; set; }

        /// <summary>Only entries of these users (wildcards).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? User { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _users = User?.Select(u => new WildcardPattern(u, WildcardOptions.IgnoreCase)).ToArray();
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var reply = await SendAsync(session, context, CgiCatalogue.Get("get_log.cgi")).ConfigureAwait(false);
            foreach (var entry in Parse(session, reply.Vars.GetString("log_text") ?? ""))
            {
                if (After is { } after && entry.Time <= after) continue;
                if (_users is not null && !_users.Any(p => p.IsMatch(entry.User))) continue;
                context.Emit(entry);
            }
        }

        private static readonly string[] TimeFormats = { "yyyy-MM-dd HH:mm:ss", "yyyy-M-d H:m:s" };

        /// <summary>
        /// log_text: entries separated by a newline or a literal backslash-n; fields separated by runs of spaces:
        /// "Mon, 2009-08-03 19:53:04    admin        192.0.2.16      access". Unparsable lines keep their text.
        /// Camera text is sanitised (control characters made visible).
        /// </summary>
        internal static IEnumerable<CamLogEntry> Parse(ICamera camera, string text)
        {
            var lines = text.Replace("\\n", "\n").Replace("\r", "").Split('\n');
            foreach (var raw in lines)
            {
                var line = raw.Trim();
                if (line.Length == 0) continue;
                var fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                var entry = new CamLogEntry { Camera = camera, Text = CamText.Sanitize(line)! };
                // weekday, date, time, user, client, action…
                int i = 0;
                if (fields.Length > 0 && fields[0].EndsWith(",", StringComparison.Ordinal)) i = 1;
                if (fields.Length >= i + 2 && DateTime.TryParseExact(fields[i] + " " + fields[i + 1], TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                {
                    entry.Time = time;
                    i += 2;
                }
                if (fields.Length > i) entry.User = CamText.Sanitize(fields[i])!;
                if (fields.Length > i + 1) entry.ClientAddress = CamText.Sanitize(fields[i + 1])!;
                if (fields.Length > i + 2) entry.Action = CamText.Sanitize(string.Join(" ", fields, i + 2, fields.Length - i - 2))!;
                yield return entry;
            }
        }
    }
}
