using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace FoscamPS.Tests.Users
{
    /// <summary>
    /// A host that keeps what is written to it (the "What if: …" lines of -WhatIf go to the host, not to a stream),
    /// for hosted runspaces whose -WhatIf text a test reads. It cannot prompt.
    /// </summary>
    public sealed class RecordingHost : PSHost
    {
        private readonly RecordingUi _ui = new RecordingUi();
        private readonly Guid _id = Guid.NewGuid();

        /// <summary>Lines written to the host so far.</summary>
        public IReadOnlyList<string> Lines => _ui.Lines.ToArray();

        public void Clear() => _ui.Lines.Clear();

        public override string Name => "FoscamPS.Tests.RecordingHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId => _id;
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        private sealed class RecordingUi : PSHostUserInterface
        {
            public ConcurrentQueue<string> Lines { get; } = new ConcurrentQueue<string>();

            public override PSHostRawUserInterface? RawUI => null;
            public override string ReadLine() => throw new NotSupportedException();
            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
            public override void Write(string value) => Lines.Enqueue(value);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Enqueue(value);
            public override void WriteLine(string value) => Lines.Enqueue(value);
            public override void WriteErrorLine(string value) => Lines.Enqueue(value);
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
        }
    }
}
