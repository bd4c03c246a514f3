using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using FoscamPS.Emulator;
using FoscamPS.Tests.Commands;

namespace FoscamPS.Tests.Beyond
{
    /// <summary>Two cameras of our own: alarm tests change alarm_status and must not disturb other classes.</summary>
    public sealed class AlarmCamerasFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 2 };
    }

    public sealed class ReportCamerasFixture : EmulatorFixtureBase
    {
        protected override EmulatorOptions CreateOptions() => new EmulatorOptions { Count = 3 };
    }

    internal static class Wait
    {
        /// <summary>Waits for a condition that the test itself brings about; the bound only turns a hang into a failure.</summary>
        public static void Until(Func<bool> condition, string what, int seconds = 30)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(seconds)) throw new Xunit.Sdk.XunitException("timed out waiting for " + what);
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>A pipeline started asynchronously in the hosted runspace (for cmdlets that run until stopped).</summary>
    internal sealed class RunningPipeline : IDisposable
    {
        private readonly PowerShell _ps;
        private readonly IAsyncResult _async;

        public RunningPipeline(HostedPowerShell host, string script, IDictionary<string, object?> variables)
        {
            foreach (var kv in variables) host.Runspace.SessionStateProxy.SetVariable(kv.Key, kv.Value);
            _ps = PowerShell.Create();
            _ps.Runspace = host.Runspace;
            _ps.AddScript(script);
            Output = new PSDataCollection<PSObject>();
            var input = new PSDataCollection<PSObject>();
            input.Complete();
            _async = _ps.BeginInvoke(input, Output);
        }

        public PSDataCollection<PSObject> Output { get; }
        public PSDataStreams Streams => _ps.Streams;
        public bool IsCompleted => _async.IsCompleted;
        public PSInvocationState State => _ps.InvocationStateInfo.State;

        public void WaitForCompletion(int seconds = 30)
        {
            if (!_async.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(seconds))) throw new Xunit.Sdk.XunitException("pipeline did not complete");
            try { _ps.EndInvoke(_async); } catch (PipelineStoppedException) { }
        }

        public void Stop() => _ps.Stop();

        public void Dispose()
        {
            if (!_async.IsCompleted) _ps.BeginStop(null, null).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10));
            _ps.Dispose();
        }
    }
}
