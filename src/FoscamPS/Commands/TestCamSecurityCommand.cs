using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Test-CamSecurity: read-only security audit of a fleet. One get_params read per camera (plus get_factory_ddns for
    /// the vendor DDNS check, and an anonymous get_status with -Probe); every check runs in memory. One finding per
    /// camera and check; evidence names fields, never values; password reuse is found by keyed hashes (HMAC-SHA256 with
    /// a random per-run key) that live only in this command's memory.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CamSecurity", HelpUri = CamHelp.Base + "Test-CamSecurity.md", DefaultParameterSetName = FindingSet)]
    [OutputType(typeof(CamSecurityFinding), ParameterSetName = new[] { FindingSet })]
    [OutputType(typeof(CamSecurityCameraSummary), typeof(CamSecurityCheckSummary), ParameterSetName = new[] { SummarySet })]
    public sealed class TestCamSecurityCommand : CamFleetCmdlet
    {
        private const string FindingSet = "Finding";
        private const string SummarySet = "Summary";

        private sealed class Audited
        {
            public Audited(string key, CamAuditedCamera camera, int order)
            {
                Key = key;
                Camera = camera;
                Order = order;
            }

            public string Key { get; }
            public CamAuditedCamera Camera { get; set; }
            public int Order { get; }
            public List<CamCheckResult> Results { get; } = new List<CamCheckResult>();
            public List<(string Field, string Hash)> Hashes { get; } = new List<(string, string)>();
            public bool Impostor { get; set; }
            /// <summary>True once the camera was read and judged (a camera that failed with an error has no findings).</summary>
            public bool Done { get; set; }
        }

        private readonly ConcurrentDictionary<string, Audited> _audited = new ConcurrentDictionary<string, Audited>(StringComparer.OrdinalIgnoreCase);
        private int _order;
        private CamSecurityBaseline _baseline = new CamSecurityBaseline();
        private HashSet<string> _selected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private Func<string, string>? _hash;
        private IDisposable? _hashKey;

        /// <summary>A JSON baseline file: Administrators (names), WebUiVersion (a.b.c.d), AllowedDomains (names).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Baseline { get; set; }

        /// <summary>Domains FTP and SMTP servers may be in (added to the baseline's AllowedDomains).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateCount(1, 256)]
        public string[]? AllowedDomain { get; set; }

        /// <summary>Also send one request WITHOUT credentials (get_status.cgi) to see whether the camera answers it.</summary>
        [Parameter]
        public SwitchParameter Probe { get; set; }

        /// <summary>Only these checks (ids; default: all).</summary>
        [Parameter]
        [ValidateSet(CamSecurityChecks.BlankPassword, CamSecurityChecks.DefaultAdminName, CamSecurityChecks.WeakPassword, CamSecurityChecks.ReusedPassword,
            CamSecurityChecks.UnknownAdministrator, CamSecurityChecks.FirmwareVulnerable, CamSecurityChecks.CloneFirmware, CamSecurityChecks.WebUiDrift,
            CamSecurityChecks.UpnpEnabled, CamSecurityChecks.VendorDdns, CamSecurityChecks.MailPublicIp, CamSecurityChecks.WifiWeak, CamSecurityChecks.PppoeDialOut,
            CamSecurityChecks.FtpCredentialsInClear, CamSecurityChecks.MailCredentialsInClear, CamSecurityChecks.ServerOutsideAllowedDomain,
            CamSecurityChecks.AlarmCallbackInsecure, CamSecurityChecks.StaleMsnCredentials, CamSecurityChecks.DeviceCredentials, CamSecurityChecks.NtpDisabled,
            CamSecurityChecks.ClockSkew, CamSecurityChecks.AnonymousStatus, CamSecurityChecks.UnsafeText, CamSecurityChecks.CameraIdMismatch)]
        public string[]? Check { get; set; }

        /// <summary>Only findings of checks with these severities.</summary>
        [Parameter]
        public CamSecuritySeverity[]? Severity { get; set; }

        /// <summary>Only findings with these verdicts (e.g. Fail).</summary>
        [Parameter(ParameterSetName = FindingSet)]
        public CamSecurityVerdict[]? Verdict { get; set; }

        /// <summary>Instead of findings, one summary line per camera (Camera) or per check over the fleet (Check).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
        public CamSecuritySummaryKind Summary { get; set; }

        /// <summary>The checks compare against each other's cameras: the caller's identity probe is done here.</summary>
        protected override bool ChecksIdentityFirst => false;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Baseline is not null) _baseline = LoadBaseline(Baseline);
            if (AllowedDomain is not null)
                _baseline.AllowedDomains = (_baseline.AllowedDomains ?? Array.Empty<string>()).Concat(AllowedDomain.Select(d => d.Trim())).ToArray();
            var ids = Check is { Length: > 0 } ? (IEnumerable<string>)Check : CamSecurityChecks.All.Select(c => c.Id);
            if (Severity is { Length: > 0 }) ids = ids.Where(id => Severity.Contains(CamSecurityChecks.Get(id).Severity));
            _selected = new HashSet<string>(ids.Select(id => CamSecurityChecks.Get(id).Id), StringComparer.OrdinalIgnoreCase);
            _hash = CamSecurityAuditor.NewKeyedHash(out _hashKey);
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            var order = Interlocked.Increment(ref _order);
            var key = session.Name;
            var audited = new Audited(key, new CamAuditedCamera(session.Name, session.Address, session.CameraId, session.Id), order);
            if (!_audited.TryAdd(key, audited))
            {
                key = $"{session.Name} ({session.Address})";
                audited = new Audited(key, new CamAuditedCamera(session.Name, session.Address, session.CameraId, session.Id), order);
                if (!_audited.TryAdd(key, audited)) return; // the same camera twice in one run: audited once
            }
            var timeout = TimeSpan.FromSeconds(TimeoutSec);
            var expected = session.ExpectedCameraId ?? session.CameraId;
            if (expected is not null)
            {
                // Never send a credential to another device: ask its id first, anonymously (as every command does).
                var actual = await RequestRetry.RunAsync(t => CamSession.ProbeIdentityAsync(session.Address, session.TransportOptions, context.CancellationToken, t),
                    CgiSafety.ReadOnly, timeout, RetryCount, m => context.Verbose($"{session.Name}: {m}"), context.CancellationToken).ConfigureAwait(false);
                if (actual is not null && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                {
                    audited.Impostor = true;
                    audited.Results.AddRange(CamSecurityAuditor.Impostor(_selected, expected, actual));
                    context.Warning($"Camera {session.Name} ({session.Address}) answered as camera id {CamText.Sanitize(actual)}, not {expected}; no credential was sent and only CameraIdMismatch was judged.");
                    audited.Done = true;
                    EmitAll(audited, context);
                    return;
                }
                session.MarkIdentityVerified();
            }

            var vars = (await SendAsync(session, context, CgiCatalogue.GetParams).ConfigureAwait(false)).Vars;
            var readAt = DateTimeOffset.UtcNow;
            CamGroupGetCmdlet.LearnIdentity(session, vars);
            audited.Camera = new CamAuditedCamera(session.Name, session.Address, session.CameraId, session.Id);
            var input = new CamAuditInput { Params = vars, ReadAt = readAt, ExpectedCameraId = expected };

            if (_selected.Contains(CamSecurityChecks.VendorDdns))
            {
                try
                {
                    input.FactoryDdns = (await SendAsync(session, context, CgiCatalogue.Get("get_factory_ddns.cgi")).ConfigureAwait(false)).Vars;
                }
                catch (CamException ex) when (ex is CamNotSupportedException || ex is CamIllegalParamsException || ex is CamProtocolException)
                {
                    input.FactoryDdnsUnavailable = true;
                    context.Verbose($"{session.Name}: get_factory_ddns.cgi is not available ({ex.ErrorId}); VendorDdns is unverifiable.");
                }
            }

            if (_selected.Contains(CamSecurityChecks.AnonymousStatus))
            {
                if (!Probe) input.AnonymousStatusNote = "Not probed (use -Probe to send one request without credentials).";
                else await ProbeAnonymousAsync(session, context, input, timeout).ConfigureAwait(false);
            }

            audited.Results.AddRange(CamSecurityAuditor.Audit(input, _baseline, _selected, _hash!, audited.Hashes));
            audited.Done = true;
            EmitAll(audited, context);
        }

        private async Task ProbeAnonymousAsync(CamSession session, FleetContext context, CamAuditInput input, TimeSpan timeout)
        {
            using var anonymous = new CamTransport(session.Address, null, session.TransportOptions);
            var request = CgiCatalogue.GetStatus.CreateRequest();
            context.Verbose($"{session.Name}: GET {anonymous.GetRedactedUrl(request)} without credentials (-Probe)");
            try
            {
                await RequestRetry.RunAsync(async t =>
                {
                    request.Timeout = t;
                    return await anonymous.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
                }, CgiSafety.ReadOnly, timeout, RetryCount, m => context.Verbose($"{session.Name}: {m}"), context.CancellationToken).ConfigureAwait(false);
                input.AnonymousStatus = true;
            }
            catch (CamException ex) when (ex is CamAuthenticationException || ex is CamAccessDeniedException)
            {
                input.AnonymousStatus = false;
            }
            catch (CamException ex)
            {
                input.AnonymousStatusNote = $"The anonymous request failed ({ex.ErrorId}).";
            }
        }

        /// <summary>Findings of one camera except ReusedPassword (which needs the whole fleet), as soon as it is done.</summary>
        private void EmitAll(Audited audited, FleetContext context)
        {
            if (ParameterSetName == SummarySet) return;
            foreach (var r in audited.Results)
            {
                if (r.CheckId == CamSecurityChecks.ReusedPassword) continue;
                var f = Finding(audited, r);
                if (Wanted(f)) context.Emit(f);
            }
        }

        private bool Wanted(CamSecurityFinding f) => Verdict is not { Length: > 0 } || Verdict.Contains(f.Verdict);

        private static CamSecurityFinding Finding(Audited audited, CamCheckResult r)
        {
            var check = CamSecurityChecks.Get(r.CheckId);
            return new CamSecurityFinding
            {
                Camera = audited.Camera,
                CameraName = audited.Camera.Name,
                CheckId = check.Id,
                Title = check.Title,
                Severity = check.Severity,
                Verdict = r.Verdict,
                Evidence = r.Evidence,
                Detail = r.Detail,
                Remediation = check.Remediation,
                CameraId = audited.Camera.CameraId,
            };
        }

        protected override void EndProcessing()
        {
            try
            {
                base.EndProcessing();
                if (Stopping) return;
                // a camera that failed (error record written) has no findings at all, not even ReusedPassword
                var cameras = _audited.Values.Where(a => a.Done).OrderBy(a => a.Order).ToList();
                if (_selected.Contains(CamSecurityChecks.ReusedPassword))
                {
                    var reuse = CamSecurityAuditor.Reuse(cameras.Where(a => !a.Impostor).ToDictionary(a => a.Key, a => a.Hashes, StringComparer.OrdinalIgnoreCase));
                    foreach (var a in cameras)
                    {
                        // an impostor's verdict (unverifiable) is already among its results
                        if (!a.Impostor) a.Results.Add(reuse[a.Key]);
                        if (ParameterSetName == SummarySet) continue;
                        var f = Finding(a, a.Results.First(r => r.CheckId == CamSecurityChecks.ReusedPassword));
                        if (Wanted(f)) WriteObject(f);
                    }
                }
                if (ParameterSetName == SummarySet) WriteSummary(cameras);
            }
            finally
            {
                Forget();
            }
        }

        /// <summary>Also when a downstream command or Ctrl+C ended the run before EndProcessing.</summary>
        protected override void OnEnded() => Forget();

        /// <summary>Drops every keyed hash and the key.</summary>
        private void Forget()
        {
            foreach (var a in _audited.Values) a.Hashes.Clear();
            _hashKey?.Dispose();
            _hashKey = null;
            _hash = null;
        }

        private void WriteSummary(List<Audited> cameras)
        {
            if (Summary == CamSecuritySummaryKind.Camera)
            {
                foreach (var a in cameras)
                {
                    var failed = a.Results.Where(r => r.Verdict == CamSecurityVerdict.Fail).Select(r => CamSecurityChecks.Get(r.CheckId)).OrderByDescending(c => c.Severity).ToList();
                    WriteObject(new CamSecurityCameraSummary
                    {
                        Camera = a.Camera,
                        Failed = failed.Count,
                        Passed = a.Results.Count(r => r.Verdict == CamSecurityVerdict.Pass),
                        Unverifiable = a.Results.Count(r => r.Verdict == CamSecurityVerdict.Unverifiable),
                        WorstSeverity = failed.Count == 0 ? null : failed[0].Severity,
                        FailedChecks = string.Join(", ", failed.Select(c => c.Id)),
                    });
                }
                return;
            }
            foreach (var check in CamSecurityChecks.All.Where(c => _selected.Contains(c.Id)))
            {
                var rows = cameras.Select(a => (a, r: a.Results.FirstOrDefault(r => r.CheckId == check.Id))).Where(x => x.r.CheckId is not null).ToList();
                var failed = rows.Where(x => x.r.Verdict == CamSecurityVerdict.Fail).Select(x => x.a.Camera.Name).ToList();
                WriteObject(new CamSecurityCheckSummary
                {
                    CheckId = check.Id,
                    Title = check.Title,
                    Severity = check.Severity,
                    Failed = failed.Count,
                    Passed = rows.Count(x => x.r.Verdict == CamSecurityVerdict.Pass),
                    Unverifiable = rows.Count(x => x.r.Verdict == CamSecurityVerdict.Unverifiable),
                    FailedCameras = failed.Count <= 10 ? string.Join(", ", failed) : string.Join(", ", failed.Take(10)) + $" and {failed.Count - 10} more",
                });
            }
        }

        /// <summary>Reads the JSON baseline (ConvertFrom-Json of the running PowerShell: no JSON library in the module).</summary>
        private CamSecurityBaseline LoadBaseline(string path)
        {
            var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(file))
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"-Baseline: the file '{file}' does not exist.", file), "BaselineNotFound", ErrorCategory.ObjectNotFound, file));
            object? parsed = null;
            try
            {
                var text = File.ReadAllText(file);
                var result = InvokeCommand.InvokeScript(true, ScriptBlock.Create("param($__camBaselineText) ConvertFrom-Json -InputObject $__camBaselineText"), null, text);
                parsed = result.Count == 1 ? result[0] : null;
            }
            catch (Exception ex) when (ex is RuntimeException || ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"-Baseline: '{file}' is not a readable JSON file: {ex.Message}", ex), "BaselineInvalid", ErrorCategory.InvalidData, file));
            }
            if (parsed is not PSObject root || root.BaseObject is not PSCustomObject)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"-Baseline: '{file}' must hold one JSON object with Administrators, WebUiVersion and/or AllowedDomains."), "BaselineInvalid", ErrorCategory.InvalidData, file));
                return null!;
            }
            var baseline = new CamSecurityBaseline();
            foreach (var p in root.Properties)
            {
                switch (p.Name.ToLowerInvariant())
                {
                    case "administrators":
                        baseline.Administrators = Strings(p.Value);
                        break;
                    case "alloweddomains":
                        baseline.AllowedDomains = Strings(p.Value);
                        break;
                    case "webuiversion":
                        if (!Version.TryParse(p.Value?.ToString()?.Trim() ?? "", out var v))
                            ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"-Baseline: WebUiVersion in '{file}' must be a version such as 2.0.10.4."), "BaselineInvalid", ErrorCategory.InvalidData, file));
                        baseline.WebUiVersion = v;
                        break;
                    default:
                        ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"-Baseline: '{file}' has an unknown key '{p.Name}'; allowed: Administrators, WebUiVersion, AllowedDomains."), "BaselineInvalid", ErrorCategory.InvalidData, file));
                        break;
                }
            }
            return baseline;
        }

        private static string[] Strings(object? value)
        {
            var v = value is PSObject p ? p.BaseObject : value;
            if (v is null) return Array.Empty<string>();
            if (v is string s) return new[] { s };
            if (v is IEnumerable e) return e.Cast<object?>().Select(x => (x is PSObject px ? px.BaseObject : x)?.ToString() ?? "").Where(x => x.Length > 0).ToArray();
            return new[] { v.ToString() ?? "" };
        }
    }
}
