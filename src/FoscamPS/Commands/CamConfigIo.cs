using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Fleet;
using FoscamPS.Fleet.Store;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// What Export-, Compare- and Set-CamConfig share: reading every configuration group of a camera (in the fleet
    /// engine, or on the pipeline thread for -WhatIf and a reference camera), loading a configuration file (sealed
    /// secrets opened with the credential store's key) and the store errors.
    /// </summary>
    internal static class CamConfigIo
    {
        /// <summary>Every configuration group of a camera (fleet engine). A camera without get_misc/get_forbidden/get_camera_params leaves that group out.</summary>
        public static async Task<Dictionary<string, CamSettingsObject>> ReadAsync(CamFleetCmdlet cmdlet, CamSession session, FleetContext context)
        {
            var replies = new Dictionary<string, CamVars>(StringComparer.OrdinalIgnoreCase);
            foreach (var cgi in CamConfigGroups.ReadCgis)
            {
                try
                {
                    var reply = await cmdlet.SendAsync(session, context, cgi).ConfigureAwait(false);
                    if (cgi == CgiCatalogue.GetParams) CamGroupGetCmdlet.LearnIdentity(session, reply.Vars);
                    replies[cgi.Name] = reply.Vars;
                }
                catch (CamException ex) when (cgi != CgiCatalogue.GetParams && (ex is CamNotSupportedException || ex is CamIllegalParamsException))
                {
                    context.Verbose($"{session.Name}: {cgi.Name} is not available ({ex.Message}); its group is left out.");
                }
            }
            return CamConfigGroups.Parse(session, replies);
        }

        /// <summary>The same, synchronously on the pipeline thread (reads only; -WhatIf and -ReferenceCamera).</summary>
        public static Dictionary<string, CamSettingsObject> Read(CamSession session, int timeoutSec, Action<string> verbose)
        {
            session.EnsureIdentityAsync(TimeSpan.FromSeconds(timeoutSec), CancellationToken.None).GetAwaiter().GetResult();
            var replies = new Dictionary<string, CamVars>(StringComparer.OrdinalIgnoreCase);
            foreach (var cgi in CamConfigGroups.ReadCgis)
            {
                var request = cgi.CreateRequest();
                request.Timeout = TimeSpan.FromSeconds(timeoutSec);
                verbose($"{session.Name}: GET {session.Transport.GetRedactedUrl(request)}");
                try
                {
                    var reply = session.Transport.SendAsync(request, CancellationToken.None).GetAwaiter().GetResult();
                    if (cgi == CgiCatalogue.GetParams) CamGroupGetCmdlet.LearnIdentity(session, reply.Vars);
                    replies[cgi.Name] = reply.Vars;
                }
                catch (CamException ex) when (cgi != CgiCatalogue.GetParams && (ex is CamNotSupportedException || ex is CamIllegalParamsException))
                {
                    verbose($"{session.Name}: {cgi.Name} is not available; its group is left out.");
                }
            }
            return CamConfigGroups.Parse(session, replies);
        }

        /// <summary>The name a camera has in files and overrides: its registration, else its session name.</summary>
        public static string NameOf(CamSession session) => session.RegistrationName ?? session.Name;

        /// <summary>
        /// Loads and checks a configuration file (pipeline thread). Sealed secrets are opened with this runspace's
        /// credential store; every problem is a terminating error naming the file (InvalidConfigFile, or the store's
        /// own error id such as StorePassphraseRequired / StoreKeyMismatch). <paramref name="otherwise"/>: what the cmdlet
        /// offers instead of a file, added to the message when the file is missing.
        /// </summary>
        public static CamConfigDocument Load(CamCmdlet cmdlet, string path, string parameterName, string? otherwise = null)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A missing file is most often a camera name given where a file was meant (-Baseline lobby-1), or the
                // folder Export-CamConfig wrote into: say what the parameter takes and where such a file comes from.
                bool missing = ex is FileNotFoundException || ex is DirectoryNotFoundException || Directory.Exists(path);
                Exception error = !missing ? ex : new FileNotFoundException(
                    $"-{parameterName}: {(Directory.Exists(path) ? $"'{path}' is a folder, not a configuration file" : $"there is no file '{path}'")}. " +
                    "It takes a file written by Export-CamConfig (-Baseline writes the fleet's baseline file, baseline.camconfig.json unless -BaselineName says otherwise, in its -Path folder)" +
                    (otherwise is null ? "." : "; " + otherwise + "."), path, ex);
                cmdlet.ThrowTerminatingError(new ErrorRecord(error, "ConfigFileUnreadable", missing ? ErrorCategory.ObjectNotFound : ErrorCategory.ReadError, path));
                throw;
            }
            try
            {
                CamCredentialStore? store = null;
                try
                {
                    var doc = CamConfigDocument.Parse(text, sealedData =>
                    {
                        store ??= Registrations.OpenStore();
                        return store.UnprotectData(CamConfigDocument.SecretPurpose, sealedData);
                    });
                    doc.Path = path;
                    return doc;
                }
                finally
                {
                    store?.Dispose();
                }
            }
            catch (FormatException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-{parameterName}: '{path}' is not a usable configuration file: {ex.Message}.", ex), "InvalidConfigFile", ErrorCategory.InvalidData, path));
                throw;
            }
            catch (CamStoreException ex)
            {
                cmdlet.ThrowTerminatingError(StoreError(ex, $"-{parameterName}: '{path}' carries secrets sealed with the credential store's key, and they cannot be opened: {ex.Message}", path));
                throw;
            }
        }

        public static ErrorRecord StoreError(CamStoreException ex, string message, object? target)
            => new ErrorRecord(new InvalidOperationException(message, ex), ex.ErrorId, CamCmdlet.StoreCategoryOf(ex.Kind), target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = ex.RecommendedAction },
            };
    }
}
