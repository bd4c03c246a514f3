using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.InteropServices;
using System.Security;

namespace FoscamPS.Tests.Commands
{
    /// <summary>A runspace with the module's cmdlets loaded in-process (Microsoft.PowerShell.SDK).</summary>
    public sealed class HostedPowerShell : IDisposable
    {
        public HostedPowerShell()
            : this(null)
        {
        }

        /// <summary>On a host of the test's own (e.g. one that keeps the "What if:" lines written to it).</summary>
        public HostedPowerShell(System.Management.Automation.Host.PSHost? host)
        {
            var iss = InitialSessionState.CreateDefault2();
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            iss.ImportPSModule(new[] { typeof(FoscamPS.Commands.CamFleetCmdlet).Assembly.Location });
            Runspace = host is null ? RunspaceFactory.CreateRunspace(iss) : RunspaceFactory.CreateRunspace(host, iss);
            Runspace.Open();
        }

        public Runspace Runspace { get; }

        /// <summary>Runs a script; returns output and the error/warning streams.</summary>
        public HostedResult Run(string script, IDictionary<string, object?>? variables = null)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = Runspace;
            if (variables is not null)
            {
                foreach (var kv in variables) Runspace.SessionStateProxy.SetVariable(kv.Key, kv.Value);
            }
            ps.AddScript(script);
            Collection<PSObject> output;
            Exception? terminating = null;
            try
            {
                output = ps.Invoke();
            }
            catch (RuntimeException ex)
            {
                output = new Collection<PSObject>();
                terminating = ex;
            }
            return new HostedResult(output.ToList(), ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(),
                ps.Streams.Verbose.Select(v => v.Message).ToList(), ps.Streams.Progress.ToList(), terminating);
        }

        /// <summary>Runs a script that must end in a terminating error; returns that error record.</summary>
        public ErrorRecord RunExpectingTerminatingError(string script, IDictionary<string, object?>? variables = null)
        {
            var r = Run("try { " + script + " ; throw 'NoTerminatingError' } catch { $_ }", variables);
            var record = r.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().SingleOrDefault();
            if (record is null || record.FullyQualifiedErrorId == "NoTerminatingError")
                throw new Xunit.Sdk.XunitException("expected a terminating error; got: " + string.Join("; ", r.Output));
            return record;
        }

        public static PSCredential Credential(string user, string password)
        {
            var s = new SecureString();
            foreach (var c in password) s.AppendChar(c);
            return new PSCredential(user, s);
        }

        public void Dispose() => Runspace.Dispose();
    }

    public sealed record HostedResult(
        List<PSObject> Output,
        List<ErrorRecord> Errors,
        List<string> Warnings,
        List<string> Verbose,
        List<ProgressRecord> Progress,
        Exception? Terminating);
}
