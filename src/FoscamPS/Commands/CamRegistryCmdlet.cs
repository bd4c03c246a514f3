using System;
using System.Management.Automation;
using System.Net;
using FoscamPS.Fleet.Store;
using FoscamPS.Protocol;

namespace FoscamPS.Commands
{
    /// <summary>Base of the registry cmdlets: opens the registry/store and reports their failures uniformly.</summary>
    public abstract class CamRegistryCmdlet : CamCmdlet
    {
        private CamRegistry? _registry;

        internal CamRegistry Registry => _registry ??= Registrations.OpenRegistry();

        protected override void BeginProcessing() => Registrations.WarnIfInMemory(this);

        /// <summary>Runs a registry action; a store failure becomes one error record for that item.</summary>
        internal void Try(object? target, Action action)
        {
            try
            {
                action();
            }
            catch (CamStoreException ex)
            {
                WriteError(CreateCameraError(ex, target));
            }
        }

        /// <summary>Validates an address argument (no credentials in URIs) and returns its normalised text.</summary>
        internal string NormalizeAddress(string address)
        {
            if (!CamAddress.TryParse(address, out var parsed, out var error))
                ThrowArgumentError("InvalidAddress", $"-Address '{CamTarget.StripUserInfo(address) ?? Redactor.RedactUrl(address)}' is not a camera address: {error}", CamTarget.StripUserInfo(address) ?? Redactor.RedactUrl(address));
            return parsed!.BaseUri.Scheme == "https" ? parsed.BaseUri.GetLeftPart(UriPartial.Authority) : parsed.ToString();
        }

        /// <summary>Builds the credential reference from the mutually exclusive credential parameters and stores a given credential.</summary>
        internal static CamCredentialRef CredentialRefFor(PSCredential? credential, string? vaultSecret, string? vault, string? automationCredential)
        {
            if (credential is not null) return CamCredentialRef.Store;
            if (vaultSecret is not null) return CamCredentialRef.FromVault(vaultSecret, vault);
            if (automationCredential is not null) return CamCredentialRef.FromAutomation(automationCredential);
            return CamCredentialRef.None;
        }

        internal static void StoreCredential(string name, string address, PSCredential credential)
        {
            using var store = Registrations.OpenStore();
            store.Set(name, address, credential.UserName, credential.Password);
        }

        internal static NetworkCredential? Network(PSCredential? c) => ToNetworkCredential(c);
    }
}
