using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    public sealed partial class ExportCamReportCommand
    {
        private readonly List<PSObject> _findings = new List<PSObject>();

        /// <summary>Audit findings from Test-CamSecurity (live or deserialized): failed and unverifiable checks become the report's audit section.</summary>
        [Parameter]
        [ValidateNotNull]
        public PSObject[]? Finding { get; set; }

        /// <summary>Collects the findings bound in this record.</summary>
        private void CollectFindings()
        {
            if (Finding is null) return;
            foreach (var f in Finding)
            {
                if (f is not null && !_findings.Contains(f)) _findings.Add(f);
            }
        }

        /// <summary>The audit section: one row per failed or unverifiable finding, worst first (passes are counted, not listed).</summary>
        private CamReportHtml.Section? AuditSection()
        {
            if (_findings.Count == 0) return null;
            static string P(PSObject o, string name) => o.Properties[name]?.Value?.ToString() ?? "";
            static int Rank(string severity) => Enum.TryParse<CamSecuritySeverity>(severity, true, out var s) ? (int)s : -1;
            var passed = _findings.Count(f => P(f, "Verdict") == nameof(CamSecurityVerdict.Pass));
            var section = new CamReportHtml.Section
            {
                Id = "audit",
                Title = $"Security audit ({passed} passed checks not listed)",
                Columns = new[] { "Camera", "Check", "Severity", "Verdict", "Evidence (fields)", "Detail", "Fix" },
            };
            var rows = _findings.Where(f => P(f, "Verdict") != nameof(CamSecurityVerdict.Pass))
                .OrderBy(f => P(f, "Verdict") == nameof(CamSecurityVerdict.Fail) ? 0 : 1)
                .ThenByDescending(f => Rank(P(f, "Severity")))
                .ThenBy(f => P(f, "CameraName"), StringComparer.OrdinalIgnoreCase)
                .ThenBy(f => P(f, "CheckId"), StringComparer.Ordinal);
            foreach (var f in rows)
            {
                var verdict = P(f, "Verdict");
                var camera = P(f, "CameraName");
                if (camera.Length == 0) camera = P(f, "Camera");
                section.Rows.Add((verdict == nameof(CamSecurityVerdict.Fail) ? "fail" : "unverifiable", new[]
                {
                    camera, P(f, "Title").Length > 0 ? $"{P(f, "Title")} ({P(f, "CheckId")})" : P(f, "CheckId"), P(f, "Severity"), verdict,
                    P(f, "Evidence"), P(f, "Detail"), P(f, "Remediation"),
                }));
            }
            return section;
        }
    }
}
