using System.Collections.Generic;

namespace FoscamPS.Commands
{
    public sealed partial class ExportCamReportCommand
    {
        /// <summary>Reads the audit findings and drift rows bound in this record (none yet).</summary>
        private void CollectInput()
        {
        }

        private List<CamReportHtml.Section> BuildSections() => new List<CamReportHtml.Section>();
    }
}
