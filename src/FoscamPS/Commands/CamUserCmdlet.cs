using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Base of Add-/Set-/Remove-CamUser: per camera, read all eight account slots, apply the edit with the guards of
    /// <see cref="CamUserEdits"/>, write all eight back (set_users is whole-group) and judge the write by reading again
    /// (<see cref="CamVerifiedWrite"/>, as the settings setters). -WhatIf reads each camera and shows the planned slot
    /// change, or the refusal the real run would hit.
    /// </summary>
    public abstract class CamUserCmdlet : CamPlannedSetCmdlet
    {
        /// <summary>Write the changed accounts (read back after the change).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>One record's edit, captured on the pipeline thread (parameters change with the next pipeline record).</summary>
        internal sealed class UserEdit
        {
            public UserEdit(Func<List<CamUserSlot>, CamSession, (CamUserEditError Error, string UserName)> apply, IReadOnlyList<string> names)
            {
                Apply = apply;
                Names = names;
            }

            /// <summary>Applies the edit to a fresh copy of the slots; returns the refusal and the account it concerns.</summary>
            public Func<List<CamUserSlot>, CamSession, (CamUserEditError Error, string UserName)> Apply { get; }

            /// <summary>Accounts written with -PassThru (none: every remaining account).</summary>
            public IReadOnlyList<string> Names { get; }
        }

        private readonly ConcurrentDictionary<CamSession, ConcurrentQueue<UserEdit>> _edits = new ConcurrentDictionary<CamSession, ConcurrentQueue<UserEdit>>();
        private UserEdit? _current;

        /// <summary>Validates this record's parameters (terminating errors before any request) and captures its edit.</summary>
        internal abstract UserEdit CreateEdit();

        protected override void ProcessRecord()
        {
            var edit = _current = CreateEdit();
            var action = ShouldProcessAction;
            // -WhatIf: read each camera's slots (a read changes nothing) and show the planned slot change or the refusal.
            if (ExplainWhatIf(CamUserSlotsIo.ReadCgi, (session, vars) => $"{action}: {Plan(session, vars, edit)}", why => $"{action} (current accounts unknown: {why})")) return;
            base.ProcessRecord();
        }

        /// <summary>What the edit would do to the slots read now: the slot changes, or the refusal the real run would hit.</summary>
        internal static string Plan(CamSession session, CamVars vars, UserEdit edit)
        {
            var before = CamUserSlotsIo.Parse(vars);
            var after = before.Select(s => s.Clone()).ToList();
            var (error, name) = edit.Apply(after, session);
            if (error != CamUserEditError.None) return "would be refused: " + Refusal(error, session, name).Reason;
            var changes = CamUserSlotsIo.DescribeChanges(before, after);
            return changes.Count == 0 ? "nothing to change" : string.Join("; ", changes);
        }

        protected override bool PrepareCamera(CamSession session)
        {
            // The engine runs one operation per camera at a time and every queued edit of a camera is taken by one.
            _edits.GetOrAdd(session, _ => new ConcurrentQueue<UserEdit>()).Enqueue(_current ??= CreateEdit());
            return true;
        }

        protected override async Task ProcessCameraAsync(CamSession session, FleetContext context)
        {
            if (!_edits.TryGetValue(session, out var queue) || !queue.TryDequeue(out var edit))
                throw new InvalidOperationException($"Camera {session.Name}: no account change was queued.");
            var before = await CamUserSlotsIo.ReadAsync(this, session, context).ConfigureAwait(false);
            var after = before.Select(s => s.Clone()).ToList();
            var (error, name) = edit.Apply(after, session);
            if (error != CamUserEditError.None) throw Refusal(error, session, name).Error;
            var verified = await CamUserSlotsIo.WriteAndVerifyAsync(this, session, context, before, after).ConfigureAwait(false);
            if (!PassThru || verified is null) return;
            // No names (Remove-CamUser): the accounts that remain.
            for (var i = 0; i < verified.Count; i++)
            {
                if (verified[i].IsUsed && (edit.Names.Count == 0 || edit.Names.Contains(verified[i].Name)))
                    context.Emit(CamUserSlotsIo.ToUser(session, verified[i], i, includeSecret: false));
            }
        }

        /// <summary>The refusal as a camera error with a stable ErrorId, and its reason in a few words (-WhatIf).</summary>
        internal static (CamException Error, string Reason) Refusal(CamUserEditError error, CamSession session, string userName)
        {
            var shown = CamText.Sanitize(userName);
            var (message, action, reason) = error switch
            {
                CamUserEditError.UserExists => ($"Camera {session.Name} already has an account named '{userName}'.", "Use Set-CamUser to change it.", $"an account named '{shown}' exists"),
                CamUserEditError.UserNotFound => ($"Camera {session.Name} has no account named '{userName}' (names are case-sensitive).", "List the accounts with Get-CamUser; add one with Add-CamUser.", $"no account named '{shown}'"),
                CamUserEditError.NoFreeUserSlot => ($"Camera {session.Name} has no free account slot: all 8 are used.", "Remove an account with Remove-CamUser first.", "no free slot (all 8 are used)"),
                CamUserEditError.LastAdministrator => ($"Camera {session.Name}: '{userName}' is the last administrator; removing or demoting it would lock administrators out.", "Make another account an administrator first, or use -Force.", $"last administrator ('{shown}'; -Force overrides)"),
                CamUserEditError.OwnAccount => ($"Camera {session.Name}: '{userName}' is the account this session logs in with; removing or demoting it would cut the session off.", "Use another administrator account (-Credential), or -Force.", $"'{shown}' is the account this session logs in with (-Force overrides)"),
                _ => ($"Camera {session.Name}: the account change was refused ({error}).", "", error.ToString()),
            };
            return (new CamException(error.ToString(), CamErrorKind.IllegalParams, message, action, session.Name), reason);
        }

        /// <summary>Bytes of a name or password in the firmware's encoding (UTF-8); the limits come from the field table.</summary>
        internal void ValidateAccountText(string parameter, string text, bool isName)
        {
            if (isName && text.Length == 0) ThrowArgumentError("InvalidUserName", $"-{parameter}: the user name cannot be empty.", text);
            if (CamText.CheckInput(text, isName ? CamUserSlotsIo.NameMaxBytes : CamUserSlotsIo.PasswordMaxBytes) is { } problem)
                ThrowArgumentError(isName ? "InvalidUserName" : "InvalidPassword", $"-{parameter}: the {(isName ? "user name" : "password")} is not accepted: {problem}.", isName ? CamText.Sanitize(text) : null);
        }

        internal void ValidatePrivilege(CamPrivilege privilege)
        {
            if (privilege is not (CamPrivilege.Visitor or CamPrivilege.Operator or CamPrivilege.Administrator))
                ThrowArgumentError("InvalidPrivilege", $"-Privilege must be Visitor, Operator or Administrator, not '{privilege}'.", privilege);
        }
    }

    /// <summary>
    /// Reads and writes the eight account slots through the field table's "Users" group (get_params fields, set_users
    /// query names, limits, privilege scale and masking all come from <see cref="CamFieldTable"/>). Writes are judged
    /// by <see cref="CamVerifiedWrite"/>, with the account rules as hooks: read back with the new password when the
    /// session's own password changed, and not at all when the session's own account was removed (warnings).
    /// </summary>
    internal static class CamUserSlotsIo
    {
        /// <summary>One slot's three fields of the table.</summary>
        private sealed class SlotFields
        {
            public SlotFields(IEnumerable<CamField> fields)
            {
                var byProperty = fields.ToDictionary(f => f.Property!, StringComparer.Ordinal);
                Name = byProperty[nameof(CamUser.UserName)];
                Password = byProperty[nameof(CamUserSlot.Password)];
                Privilege = byProperty[nameof(CamUser.Privilege)];
            }

            public CamField Name { get; }
            public CamField Password { get; }
            public CamField Privilege { get; }
        }

        private static readonly CamSettingsGroupInfo Group = CamFieldTable.Group("Users");

        private static readonly SlotFields[] Slots = Enumerable.Range(1, CamUserEdits.SlotCount).Select(i => new SlotFields(CamFieldTable.OfGroup(Group.Name, i))).ToArray();

        /// <summary>Where the slots are read (get_params.cgi).</summary>
        public static CgiDefinition ReadCgi { get; } = CgiCatalogue.Get(Group.ReadCgi);

        /// <summary>The setter that writes all eight (set_users.cgi).</summary>
        public static CgiDefinition Setter { get; } = CgiCatalogue.Get(Group.SetterCgi!);

        /// <summary>The firmware's limit of a user name, in UTF-8 bytes.</summary>
        public static int NameMaxBytes { get; } = Slots[0].Name.MaxBytes ?? -1;

        /// <summary>The firmware's limit of a password, in UTF-8 bytes.</summary>
        public static int PasswordMaxBytes { get; } = Slots[0].Password.MaxBytes ?? -1;

        public static async Task<List<CamUserSlot>> ReadAsync(CamFleetCmdlet cmdlet, CamSession session, FleetContext context)
        {
            var reply = await cmdlet.SendAsync(session, context, ReadCgi).ConfigureAwait(false);
            return Parse(reply.Vars);
        }

        public static List<CamUserSlot> Parse(CamVars vars)
        {
            var slots = new List<CamUserSlot>(Slots.Length);
            foreach (var f in Slots)
            {
                var privilege = f.Privilege.ToValue(vars.GetString(f.Privilege.Name)?.Trim()) is CamPrivilege p ? p : CamPrivilege.Unknown;
                slots.Add(new CamUserSlot(vars.GetString(f.Name.Name) ?? "", vars.GetString(f.Password.Name) ?? "", privilege));
            }
            return slots;
        }

        /// <summary>set_users.cgi's query: every slot's name, password and privilege (a free slot: blank, blank, visitor).</summary>
        public static List<KeyValuePair<string, string>> Render(IReadOnlyList<CamUserSlot> slots)
        {
            var query = new List<KeyValuePair<string, string>>(slots.Count * 3);
            for (var i = 0; i < slots.Count; i++)
            {
                var f = Slots[i];
                var used = slots[i].IsUsed;
                query.Add(new KeyValuePair<string, string>(f.Name.SetterQuery!, slots[i].Name));
                query.Add(new KeyValuePair<string, string>(f.Password.SetterQuery!, used ? slots[i].Password : ""));
                query.Add(new KeyValuePair<string, string>(f.Privilege.SetterQuery!, f.Privilege.ToWire(used ? slots[i].Privilege : CamPrivilege.Visitor)));
            }
            return query;
        }

        /// <summary>The slots (as "slot N") whose account differs between the two lists.</summary>
        public static List<string> Differences(IReadOnlyList<CamUserSlot> a, IReadOnlyList<CamUserSlot> b)
        {
            var differ = new List<string>();
            for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
            {
                if (i >= a.Count || i >= b.Count || !SameSlot(a[i], b[i])) differ.Add("slot " + (i + 1).ToString(CultureInfo.InvariantCulture));
            }
            return differ;
        }

        public static bool Same(IReadOnlyList<CamUserSlot> a, IReadOnlyList<CamUserSlot> b) => Differences(a, b).Count == 0;

        private static bool SameSlot(CamUserSlot a, CamUserSlot b)
            => a.IsUsed == b.IsUsed && (!a.IsUsed || (a.Name == b.Name && a.Password == b.Password && a.Privilege == b.Privilege));

        /// <summary>The planned change slot by slot (-WhatIf): names shown, passwords masked like every secret of the table.</summary>
        public static List<string> DescribeChanges(IReadOnlyList<CamUserSlot> before, IReadOnlyList<CamUserSlot> after)
        {
            var changes = new List<string>();
            for (var i = 0; i < before.Count && i < after.Count; i++)
            {
                var (a, b, f) = (before[i], after[i], Slots[i]);
                if (SameSlot(a, b)) continue;
                var slot = "slot " + (i + 1).ToString(CultureInfo.InvariantCulture);
                if (a.IsUsed && b.IsUsed && a.Name == b.Name)
                {
                    var parts = new List<string>();
                    if (a.Privilege != b.Privilege) parts.Add($"privilege {a.Privilege} -> {b.Privilege}");
                    if (a.Password != b.Password) parts.Add($"password {f.Password.Show(a.Password)} -> {f.Password.Show(b.Password)}");
                    changes.Add($"{slot} {f.Name.Show(a.Name)}: {string.Join(", ", parts)}");
                }
                else
                {
                    changes.Add($"{slot}: {Show(a, f)} -> {Show(b, f)}");
                }
            }
            return changes;
        }

        private static string Show(CamUserSlot slot, SlotFields f)
            => slot.IsUsed ? $"{f.Name.Show(slot.Name)} ({slot.Privilege}, {(slot.Password.Length > 0 ? "password set" : "no password")})" : "(free)";

        public static CamUser ToUser(CamSession session, CamUserSlot slot, int index, bool includeSecret)
            => new CamUser
            {
                Camera = session,
                Slot = index + 1,
                UserName = slot.Name,
                Privilege = slot.Privilege,
                HasPassword = slot.Password.Length > 0,
                IsSessionUser = session.UserName is { } u && u == slot.Name,
                Account = includeSecret ? new CamCredential(new PSCredential(slot.Name, ToSecure(slot.Password))) : null,
            };

        private static System.Security.SecureString ToSecure(string text)
        {
            var s = new System.Security.SecureString();
            foreach (var c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        /// <summary>
        /// Writes the eight slots and judges the write by reading them back (<see cref="CamVerifiedWrite"/>): with the
        /// new password when the session's own password changed; not at all when the session's own account was
        /// removed. Returns the verified slots, or null when they cannot be read back.
        /// </summary>
        public static async Task<List<CamUserSlot>?> WriteAndVerifyAsync(CamFleetCmdlet cmdlet, CamSession session, FleetContext context, List<CamUserSlot> before, List<CamUserSlot> after)
        {
            CamSession? reader = session;
            var self = session.UserName;
            var selfBefore = self is null ? -1 : CamUserEdits.Find(before, self);
            var selfAfter = self is null ? -1 : CamUserEdits.Find(after, self);
            CamSession? temporary = null;
            if (selfBefore >= 0 && selfAfter < 0)
            {
                reader = null;
            }
            else if (selfBefore >= 0 && before[selfBefore].Password != after[selfAfter].Password)
            {
                temporary = session.WithCredential(new NetworkCredential(self, after[selfAfter].Password));
                reader = temporary;
            }
            var texts = new CamWriteTexts
            {
                Write = Setter.Name,
                Things = "accounts",
                Check = "Check the accounts with Get-CamUser",
                Mismatch = differ => new CamProtocolException($"Camera {session.Name}: {Setter.Name} answered 'ok.' but the accounts read back differ from what was written ({string.Join(", ", differ)}).", session.Name),
            };
            try
            {
                return await CamVerifiedWrite.RunAsync<List<CamUserSlot>>(cmdlet, session, context, texts,
                    new[] { new KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>(Setter, Render(after)) },
                    () =>
                    {
                        if (reader is null)
                            context.Warning($"Camera {session.Name}: the account this session logs in with ('{self}') was removed; the change cannot be read back with it. Connect again with another administrator account.");
                        else if (temporary is not null)
                            context.Warning($"Camera {session.Name}: the password of '{self}', which this session logs in with, changed; connect again with the new password (and update its registration).");
                        return Task.CompletedTask;
                    },
                    reader is null ? null : () => ReadAsync(cmdlet, reader, context),
                    now => Differences(after, now),
                    now => Same(now, before)).ConfigureAwait(false);
            }
            finally
            {
                temporary?.Dispose();
            }
        }
    }
}
