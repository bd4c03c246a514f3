using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    public sealed partial class ExportCamReportCommand
    {
        /// <summary>Configuration drift to show (Compare-CamConfig output): one row per camera, group and field; secrets are already masked in it.</summary>
        [Parameter]
        [AllowEmptyCollection]
        public CamConfigDrift[]? Drift { get; set; }

        /// <summary>The drift section (none when -Drift was not given).</summary>
        private IEnumerable<CamReportHtml.Section> DriftSections()
        {
            if (Drift is null) yield break;
            var section = new CamReportHtml.Section
            {
                Title = "Configuration drift",
                Id = "drift",
                Columns = new[] { "Camera", "Group", "Setting", "Field", "Expected", "Actual" },
            };
            foreach (var d in Drift.Where(d => d is not null).OrderBy(d => d.Camera?.Name, System.StringComparer.OrdinalIgnoreCase))
            {
                // Expected/Actual come masked from Compare-CamConfig; a secret's row never carries a value even if edited.
                var expected = d.IsSecret ? SecretShown(d.Expected) : d.Expected;
                var actual = d.IsSecret ? SecretShown(d.Actual) : d.Actual;
                section.Rows.Add(("fail", new[] { d.Camera?.Name ?? "", d.Group, d.Setting ?? "", d.Field, expected, actual }));
            }
            yield return section;
        }

        /// <summary>A secret cell shows only whether it is blank: "(blank)" stays, anything else becomes the mask.</summary>
        private static string SecretShown(string shown) => shown == "(blank)" ? shown : CamSecret.Mask;
    }
}
