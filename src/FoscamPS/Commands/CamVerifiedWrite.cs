using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>How one verified write names itself in its messages.</summary>
    internal sealed class CamWriteTexts
    {
        /// <summary>The write in messages: "the alarm write", "set_users.cgi".</summary>
        public string Write { get; set; } = "the write";

        /// <summary>What is read back: "settings", "accounts".</summary>
        public string Things { get; set; } = "settings";

        /// <summary>How to check by hand, without a final stop: "Check the settings with the matching Get- cmdlet".</summary>
        public string Check { get; set; } = "Check the settings with the matching Get- cmdlet";

        /// <summary>The exception for a write answered 'ok.' whose read-back differs (the differences given).</summary>
        public Func<IReadOnlyList<string>, Exception> Mismatch { get; set; } = differ => new CamProtocolException("the values read back differ from what was written (" + string.Join(", ", differ) + ").");
    }

    /// <summary>
    /// The one write → read back → judge step under every setter (settings groups and user accounts): send the writes
    /// in order; a write whose reply is lost (<see cref="IsLostReply"/>) is never repeated — the rest are not sent and
    /// the state is read back instead. The read-back decides: as wanted (applied; a warning when the reply was lost),
    /// unchanged after a lost reply (WriteNotApplied), unreadable or neither old nor new after a lost reply
    /// (WriteIndeterminate), different after an 'ok.' (the caller's mismatch error).
    /// </summary>
    internal static class CamVerifiedWrite
    {
        /// <summary>After a lost write: a read-back that fails on the network leaves the outcome unknown (WriteIndeterminate).</summary>
        internal static bool IsReadBackFailure(Exception ex) => ex is CamTimeoutException or CamUnreachableException or CamProtocolException;

        /// <summary>A write whose outcome is unknown: no reply, a reply cut short or garbled (never an answer the camera gave on purpose).</summary>
        internal static bool IsLostReply(Exception ex)
            => ex is CamTimeoutException
               || (ex is CamUnreachableException u && !u.RequestNotSent)
               || (ex is CamProtocolException pe && pe.HttpStatus is null or 200);

        /// <summary>
        /// Sends <paramref name="writes"/>, runs <paramref name="afterWrites"/> (restart waits, warnings), reads back with
        /// <paramref name="readBack"/> (null: the state cannot be read back; returns default) and judges the result
        /// with <paramref name="differences"/> (from what was wanted; empty = applied) and <paramref name="unchanged"/>
        /// (same as before the write). Returns the state read back.
        /// </summary>
        internal static async Task<T?> RunAsync<T>(CamFleetCmdlet cmdlet, CamSession session, FleetContext context, CamWriteTexts texts,
            IEnumerable<KeyValuePair<CgiDefinition, List<KeyValuePair<string, string>>>> writes,
            Func<Task>? afterWrites,
            Func<Task<T>>? readBack,
            Func<T, IReadOnlyList<string>> differences,
            Func<T, bool> unchanged)
            where T : class
        {
            Exception? lost = null;
            foreach (var write in writes)
            {
                try
                {
                    await cmdlet.SendAsync(session, context, write.Key, write.Value).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsLostReply(ex))
                {
                    lost = ex;
                    context.Verbose($"{session.Name}: the reply of {write.Key.Name} was lost ({ex.Message}); reading the {texts.Things} back instead of retrying.");
                    break;
                }
            }
            if (afterWrites is not null) await afterWrites().ConfigureAwait(false);
            if (readBack is null) return null;
            T now;
            try
            {
                now = await readBack().ConfigureAwait(false);
            }
            catch (CamException ex) when (lost is not null && IsReadBackFailure(ex))
            {
                throw new CamException("WriteIndeterminate", CamErrorKind.Timeout,
                    $"Camera {session.Name}: the reply of {texts.Write} was lost and the {texts.Things} cannot be read back ({ex.Message}): whether the change was applied is unknown.",
                    texts.Check + " before trying again.", session.Name, lost);
            }
            var differ = differences(now);
            if (differ.Count > 0)
            {
                if (lost is not null && unchanged(now))
                    throw new CamException("WriteNotApplied", CamErrorKind.Timeout, $"Camera {session.Name}: the reply of {texts.Write} was lost and the {texts.Things} read back unchanged: the change was not applied.", "Run the command again.", session.Name, lost);
                if (lost is not null)
                    throw new CamException("WriteIndeterminate", CamErrorKind.Timeout, $"Camera {session.Name}: the reply of {texts.Write} was lost and the {texts.Things} read back match neither the old nor the new values ({string.Join(", ", differ)}).", texts.Check + ".", session.Name, lost);
                throw texts.Mismatch(differ);
            }
            if (lost is not null) context.Warning($"Camera {session.Name}: the reply of {texts.Write} was lost, but the {texts.Things} read back show the change applied.");
            return now;
        }
    }
}
