using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using FoscamPS.Fleet;
using FoscamPS.Fleet.Store;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>
    /// The persisted registry and credential store as the cmdlets use them. Credential references are resolved at
    /// call time, on the pipeline thread: the module's own store, a SecretManagement vault secret (Get-Secret) or an
    /// Azure Automation credential asset (Get-AutomationPSCredential). An explicit -Credential always wins. Nothing
    /// ever prompts.
    /// </summary>
    internal static class Registrations
    {
        public static CamConfigLocation Location => CamConfigLocation.GetDefault();

        /// <summary>Writes the once-per-process warning when the store had to fall back to memory.</summary>
        public static void WarnIfInMemory(PSCmdlet cmdlet)
        {
            var warning = Location.TakeWarning();
            if (warning is not null) cmdlet.WriteWarning(warning);
        }

        public static CamRegistry OpenRegistry() => new CamRegistry(Location);

        /// <summary>The credential store, unlocked with this runspace's passphrase when one was given (Unlock-CamCredentialStore).</summary>
        public static CamCredentialStore OpenStore() => new CamCredentialStore(Location, StoreUnlock.Provider);

        public static IReadOnlyList<CamSession> Resolve(string namePattern, NetworkCredential? credential, PSCmdlet cmdlet)
        {
            WarnIfInMemory(cmdlet);
            var entries = OpenRegistry().Find(namePattern);
            if (entries.Count == 0) return Array.Empty<CamSession>();
            var sessions = new List<CamSession>(entries.Count);
            foreach (var entry in entries)
            {
                var address = CamAddress.Parse(entry.Address);
                var cred = credential ?? ResolveCredential(entry, cmdlet);
                sessions.Add(new CamSession(entry.Name, address, cred)
                {
                    RegistrationName = entry.Name,
                    ExpectedCameraId = entry.ExpectedCameraId,
                    Tags = entry.Tags,
                });
            }
            return sessions;
        }

        /// <summary>Resolves an entry's credential reference (pipeline thread).</summary>
        public static NetworkCredential? ResolveCredential(CamRegistryEntry entry, PSCmdlet cmdlet)
        {
            switch (entry.CredentialRef.Kind)
            {
                case CamCredentialKind.None:
                    return null;
                case CamCredentialKind.Store:
                    using (var store = OpenStore())
                    {
                        if (store.TryGet(entry.Name, entry.Address, out var stored)) return stored;
                    }
                    throw new CamStoreException(CamStoreErrorId.CredentialNotFound, CamStoreErrorKind.NotFound,
                        $"The registration '{entry.Name}' refers to a stored credential, but the credential store has none for it.",
                        $"Store one with Set-CamRegistration -Name '{entry.Name}' -Credential (Get-Credential), or pass -Credential.");
                case CamCredentialKind.Vault:
                    {
                        var args = entry.CredentialRef.Vault is null
                            ? $"-Name '{Escape(entry.CredentialRef.SecretName!)}'"
                            : $"-Name '{Escape(entry.CredentialRef.SecretName!)}' -Vault '{Escape(entry.CredentialRef.Vault!)}'";
                        return InvokeProvider(cmdlet, "Get-Secret", args, entry, "a SecretManagement vault secret", "Install-Module Microsoft.PowerShell.SecretManagement (and a vault) or pass -Credential");
                    }
                case CamCredentialKind.Automation:
                    return InvokeProvider(cmdlet, "Get-AutomationPSCredential", $"-Name '{Escape(entry.CredentialRef.SecretName!)}'", entry,
                        "an Azure Automation credential asset", "run in Azure Automation or on a Hybrid Runbook Worker, or pass -Credential");
                default:
                    return null;
            }
        }

        private static string Escape(string s) => s.Replace("'", "''");

        private static NetworkCredential? InvokeProvider(PSCmdlet cmdlet, string command, string arguments, CamRegistryEntry entry, string what, string remedy)
        {
            if (cmdlet.InvokeCommand.GetCommand(command, CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias) is null)
            {
                throw new CamStoreException("CredentialProviderUnavailable", CamStoreErrorKind.KeyUnavailable,
                    $"The registration '{entry.Name}' takes its credential from {what}, but the command {command} is not available here.",
                    $"To use it, {remedy}.");
            }
            var result = cmdlet.InvokeCommand.InvokeScript($"{command} {arguments}").Select(o => o?.BaseObject).FirstOrDefault();
            return result switch
            {
                PSCredential pc => pc.GetNetworkCredential(),
                System.Security.SecureString ss => new NetworkCredential(entry.UserName ?? "admin", ss),
                _ => throw new CamStoreException("CredentialProviderFailed", CamStoreErrorKind.NotFound,
                    $"{command} returned no credential for the registration '{entry.Name}'.",
                    $"Check that the secret exists and holds a PSCredential (or a SecureString with -UserName on the registration)."),
            };
        }

        /// <summary>
        /// The registered camera now answers at <paramref name="newAddress"/> (a session followed it there and checked it
        /// is the same camera): the registration's address changes and a stored credential is re-bound to it, so the
        /// next Connect-Cam -Name uses it there. The expected camera id stays (it was just verified).
        /// </summary>
        public static void MoveAddress(string registrationName, string newAddress)
        {
            using (var store = OpenStore())
            {
                if (store.Contains(registrationName)) store.Rebind(registrationName, newAddress);
            }
            OpenRegistry().Update(registrationName, e => e.Address = newAddress);
        }

        /// <summary>Records the camera id (and auth scheme) learnt on first contact in the registration.</summary>
        public static void LearnCameraId(string registrationName, string cameraId, CamAuthScheme scheme)
        {
            OpenRegistry().Update(registrationName, e =>
            {
                if (e.ExpectedCameraId is null) e.ExpectedCameraId = cameraId;
                if (scheme != CamAuthScheme.None) e.AuthScheme = scheme.ToString();
            });
        }
    }
}
