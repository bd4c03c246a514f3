using System.Collections.Generic;

namespace FoscamPS.Commands
{
    public sealed partial class ExportCamReportCommand
    {
        /// <summary>Reads the audit findings and drift rows bound in this record.</summary>
        private void CollectInput()
        {
            CollectFindings();
        }

        private List<CamReportHtml.Section> BuildSections()
        {
            var sections = new List<CamReportHtml.Section>();
            if (AuditSection() is { } audit) sections.Add(audit);
            return sections;
        }
    }
}
