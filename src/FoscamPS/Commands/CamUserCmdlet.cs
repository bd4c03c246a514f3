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
    /// <see cref="CamUserEdits"/>, write all eight back (set_users is whole-group), read again and compare.
    /// </summary>
    public abstract class CamUserCmdlet : CamFleetCmdlet
    {
        /// <summary>Write the changed accounts (read back after the change).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override bool ChangesState => true;

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
            _current = CreateEdit();
            base.ProcessRecord();
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
            if (error != CamUserEditError.None) throw Refusal(error, session, name);
            var verified = await CamUserSlotsIo.WriteAndVerifyAsync(this, session, context, before, after).ConfigureAwait(false);
            if (!PassThru || verified is null) return;
            // No names (Remove-CamUser): the accounts that remain.
            for (var i = 0; i < verified.Count; i++)
            {
                if (verified[i].IsUsed && (edit.Names.Count == 0 || edit.Names.Contains(verified[i].Name)))
                    context.Emit(CamUserSlotsIo.ToUser(session, verified[i], i, includeSecret: false));
            }
        }

        /// <summary>The refusal as a camera error with a stable ErrorId.</summary>
        internal static CamException Refusal(CamUserEditError error, CamSession session, string userName)
        {
            var (message, action) = error switch
            {
                CamUserEditError.UserExists => ($"Camera {session.Name} already has an account named '{userName}'.", "Use Set-CamUser to change it."),
                CamUserEditError.UserNotFound => ($"Camera {session.Name} has no account named '{userName}' (names are case-sensitive).", "List the accounts with Get-CamUser; add one with Add-CamUser."),
                CamUserEditError.NoFreeUserSlot => ($"Camera {session.Name} has no free account slot: all 8 are used.", "Remove an account with Remove-CamUser first."),
                CamUserEditError.LastAdministrator => ($"Camera {session.Name}: '{userName}' is the last administrator; removing or demoting it would lock administrators out.", "Make another account an administrator first, or use -Force."),
                CamUserEditError.OwnAccount => ($"Camera {session.Name}: '{userName}' is the account this session logs in with; removing or demoting it would cut the session off.", "Use another administrator account (-Credential), or -Force."),
                _ => ($"Camera {session.Name}: the account change was refused ({error}).", ""),
            };
            return new CamException(error.ToString(), CamErrorKind.IllegalParams, message, action, session.Name);
        }

        /// <summary>Bytes of a name or password in the firmware's encoding (UTF-8); the firmware keeps 12.</summary>
        internal void ValidateAccountText(string parameter, string text, bool isName)
        {
            if (isName && text.Length == 0) ThrowArgumentError("InvalidUserName", $"-{parameter}: the user name cannot be empty.", text);
            if (CamText.CheckInput(text, CamUserSlotsIo.MaxBytes) is { } problem)
                ThrowArgumentError(isName ? "InvalidUserName" : "InvalidPassword", $"-{parameter}: the {(isName ? "user name" : "password")} is not accepted: {problem}.", isName ? CamText.Sanitize(text) : null);
        }

        internal void ValidatePrivilege(CamPrivilege privilege)
        {
            if (privilege is not (CamPrivilege.Visitor or CamPrivilege.Operator or CamPrivilege.Administrator))
                ThrowArgumentError("InvalidPrivilege", $"-Privilege must be Visitor, Operator or Administrator, not '{privilege}'.", privilege);
        }
    }

    /// <summary>
    /// Reads and writes the eight account slots (get_params userN_* / set_users). Privileges are mapped between the
    /// get_params scale (0 visitor … 2 administrator) and <see cref="CamPrivilege"/> here. A lost write reply is judged
    /// with the setter core's own rules (<see cref="CamGroupSetCmdlet.IsLostReply"/>, IsReadBackFailure).
    /// </summary>
    internal static class CamUserSlotsIo
    {
        public const int MaxBytes = 12;

        public static async Task<List<CamUserSlot>> ReadAsync(CamFleetCmdlet cmdlet, CamSession session, FleetContext context)
        {
            var reply = await cmdlet.SendAsync(session, context, CgiCatalogue.GetParams).ConfigureAwait(false);
            return Parse(reply.Vars);
        }

        public static List<CamUserSlot> Parse(CamVars vars)
        {
            var slots = new List<CamUserSlot>(CamUserEdits.SlotCount);
            for (var i = 1; i <= CamUserEdits.SlotCount; i++)
            {
                var pri = vars.GetInt32($"user{i}_pri");
                slots.Add(new CamUserSlot(vars.GetString($"user{i}_name") ?? "", vars.GetString($"user{i}_pwd") ?? "", FromParamsScale(pri)));
            }
            return slots;
        }

        // The two privilege scales are mapped in one place: CamPrivilegeScale (Model).
        public static CamPrivilege FromParamsScale(int? pri) => CamPrivilegeScale.FromParams(pri);

        public static string ToParamsScale(CamPrivilege privilege) => CamPrivilegeScale.ToParams(privilege).ToString(CultureInfo.InvariantCulture);

        public static IEnumerable<KeyValuePair<string, string>> Render(IReadOnlyList<CamUserSlot> slots)
        {
            for (var i = 0; i < slots.Count; i++)
            {
                var n = (i + 1).ToString(CultureInfo.InvariantCulture);
                yield return new KeyValuePair<string, string>("user" + n, slots[i].Name);
                yield return new KeyValuePair<string, string>("pwd" + n, slots[i].IsUsed ? slots[i].Password : "");
                yield return new KeyValuePair<string, string>("pri" + n, slots[i].IsUsed ? ToParamsScale(slots[i].Privilege) : "0");
            }
        }

        public static bool Same(IReadOnlyList<CamUserSlot> a, IReadOnlyList<CamUserSlot> b)
        {
            if (a.Count != b.Count) return false;
            for (var i = 0; i < a.Count; i++)
            {
                if (a[i].IsUsed != b[i].IsUsed) return false;
                if (!a[i].IsUsed) continue;
                if (a[i].Name != b[i].Name || a[i].Password != b[i].Password || a[i].Privilege != b[i].Privilege) return false;
            }
            return true;
        }

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
        /// Writes the eight slots and verifies them by reading back (with the new password when the session's own
        /// password changed). A lost reply is not retried: the slots are read again and the write reported as
        /// applied, not applied, or indeterminate. Returns the verified slots, or null when they cannot be read back.
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
            try
            {
                Exception? lost = null;
                try
                {
                    var reply = await cmdlet.SendAsync(session, context, CgiCatalogue.Get("set_users.cgi"), Render(after)).ConfigureAwait(false);
                    if (!reply.IsOk) throw new CamProtocolException($"Camera {session.Name}: set_users.cgi did not answer 'ok.'.", session.Name);
                }
                catch (Exception ex) when (CamGroupSetCmdlet.IsLostReply(ex))
                {
                    lost = ex;
                    context.Verbose($"{session.Name}: the reply of set_users.cgi was lost ({ex.Message}); reading the accounts back instead of retrying.");
                }
                if (reader is null)
                {
                    context.Warning($"Camera {session.Name}: the account this session logs in with ('{self}') was removed; the change cannot be read back with it. Connect again with another administrator account.");
                    return null;
                }
                if (temporary is not null)
                    context.Warning($"Camera {session.Name}: the password of '{self}', which this session logs in with, changed; connect again with the new password (and update its registration).");
                List<CamUserSlot> now;
                try
                {
                    now = await ReadAsync(cmdlet, reader, context).ConfigureAwait(false);
                }
                catch (CamException ex) when (lost is not null && CamGroupSetCmdlet.IsReadBackFailure(ex))
                {
                    throw new CamException("WriteIndeterminate", CamErrorKind.Timeout, $"Camera {session.Name}: the reply of set_users.cgi was lost and the accounts cannot be read back ({ex.Message}): whether the change was applied is unknown.", "Check the accounts with Get-CamUser before trying again.", session.Name, lost);
                }
                if (Same(now, after))
                {
                    if (lost is not null) context.Warning($"Camera {session.Name}: the reply of set_users.cgi was lost, but the accounts read back show the change applied.");
                    return now;
                }
                if (lost is not null && Same(now, before))
                    throw new CamException("WriteNotApplied", CamErrorKind.Timeout, $"Camera {session.Name}: the reply of set_users.cgi was lost and the accounts read back unchanged: the change was not applied.", "Run the command again.", session.Name, lost);
                if (lost is not null)
                    throw new CamException("WriteIndeterminate", CamErrorKind.Timeout, $"Camera {session.Name}: the reply of set_users.cgi was lost and the accounts read back match neither the old nor the new state (changed concurrently?).", "Check the accounts with Get-CamUser.", session.Name, lost);
                throw new CamProtocolException($"Camera {session.Name}: set_users.cgi answered 'ok.' but the accounts read back differ from what was written.", session.Name);
            }
            finally
            {
                temporary?.Dispose();
            }
        }
    }
}
