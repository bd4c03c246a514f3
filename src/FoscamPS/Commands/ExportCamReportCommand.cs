using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Export-CamReport: reads get_status and a snapshot of every camera and writes one self-contained HTML page
    /// (status, firmware, thumbnails; audit findings and drift when given). Offline cameras are in the report and
    /// also get their usual error record.
    /// </summary>
    [Cmdlet(VerbsData.Export, "CamReport", HelpUri = CamHelp.Base + "Export-CamReport.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CamReportInfo))]
    public sealed partial class ExportCamReportCommand : CamFleetCmdlet
    {
        private readonly ConcurrentDictionary<string, CamReportRow> _rows = new ConcurrentDictionary<string, CamReportRow>(StringComparer.OrdinalIgnoreCase);
        private bool _write;
        private string _file = "";

        /// <summary>The HTML file to write.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Title of the page.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = "Camera fleet report";

        /// <summary>Leave the snapshot thumbnails out (smaller file, one request less per camera).</summary>
        [Parameter]
        public SwitchParameter NoSnapshot { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (Directory.Exists(_file))
                ThrowArgumentError("PathIsFolder", $"-Path must be a file name; '{_file}' is a folder.", Path);
            if (File.Exists(_file) && !Force)
                ThrowTerminatingError(new ErrorRecord(new IOException($"'{_file}' exists; use -Force to overwrite."), "FileExists", ErrorCategory.ResourceExists, _file));
            _write = ShouldProcessOrExplain(_file, "Write camera fleet report");
        }

        protected override void ProcessRecord()
        {
            if (!_write) return;
            CollectInput();
            base.ProcessRecord();
        }

        protected override void EndProcessing()
        {
            if (!_write) return;
            base.EndProcessing();
            var generated = DateTimeOffset.Now;
            var rows = _rows.Values.ToList();
            var sections = BuildSections().Concat(DriftSections()).ToList();
            var html = CamReportHtml.Render(Title, generated, rows, sections);
            var dir = System.IO.Path.GetDirectoryName(_file);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            var temp = _file + ".partial";
            try
            {
                File.WriteAllText(temp, html, new UTF8Encoding(false));
                if (File.Exists(_file)) File.Delete(_file);
                File.Move(temp, _file);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                if (File.Exists(temp)) File.Delete(temp);
                ThrowTerminatingError(new ErrorRecord(ex, "FileWriteFailed", ErrorCategory.WriteError, _file));
            }
            WriteObject(new CamReportInfo
            {
                Path = _file,
                Cameras = rows.Count,
                Online = rows.Count(r => r.Status is not null),
                Offline = rows.Count(r => r.Status is null),
                Snapshots = rows.Count(r => r.Snapshot is not null),
                FailedChecks = sections.Where(s => s.Id == "audit").Sum(s => s.Rows.Count(r => r.Css == "fail")),
                DriftCount = sections.Where(s => s.Id == "drift").Sum(s => s.Rows.Count),
                Length = new FileInfo(_file).Length,
                GeneratedAt = generated,
            });
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var row = new CamReportRow { Camera = session };
            _rows[session.Address.ToString()] = row;
            try
            {
                var reply = await SendAsync(session, context, CgiCatalogue.GetStatus).ConfigureAwait(false);
                row.Status = CamResults.Status(session, reply.Vars);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                row.Error = ex is CamException cam ? cam.ErrorId : "CameraOperationFailed";
                throw;
            }
            if (NoSnapshot)
            {
                row.SnapshotError = "snapshots not requested";
                return;
            }
            try
            {
                row.Snapshot = await CamSnapshotReader.ReadAsync(this, session, context).ConfigureAwait(false);
            }
            catch (CamException ex)
            {
                row.SnapshotError = "no snapshot (" + ex.ErrorId + ")";
                context.Warning($"Camera {session.Name}: no snapshot for the report ({ex.Message})");
            }
        }
    }
}
