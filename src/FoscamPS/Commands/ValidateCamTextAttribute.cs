using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using FoscamPS.Model;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Validates text a cmdlet will send to a camera: no control or invisible formatting characters (they would reach
    /// other clients' consoles as escape sequences) and at most <see cref="MaxBytes"/> UTF-8 bytes — the spec's
    /// limits count bytes, not characters. Runs at parameter binding, so bad input is rejected before any request;
    /// PowerShell's message names the parameter. Accepts a string or a collection of strings; null passes (combine
    /// with the usual Allow*/ValidateNotNull attributes).
    /// </summary>
    /// <example><code>[ValidateCamText(20)] public string Alias { get; set; }</code></example>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
    public sealed class ValidateCamTextAttribute : ValidateArgumentsAttribute
    {
        /// <param name="maxBytes">Largest UTF-8 length the camera accepts (the spec's "length &lt;= N").</param>
        public ValidateCamTextAttribute(int maxBytes)
        {
            if (maxBytes < 0) throw new ArgumentOutOfRangeException(nameof(maxBytes));
            MaxBytes = maxBytes;
        }

        /// <summary>Largest UTF-8 length in bytes.</summary>
        public int MaxBytes { get; }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            if (arguments is PSObject ps) arguments = ps.BaseObject;
            if (arguments is null) return;
            if (arguments is string text)
            {
                Check(text);
                return;
            }
            if (arguments is IEnumerable many)
            {
                foreach (var item in many)
                {
                    var value = item is PSObject p ? p.BaseObject : item;
                    if (value is string s) Check(s);
                    else if (value != null) Check(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                }
                return;
            }
            Check(Convert.ToString(arguments, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        private void Check(string text)
        {
            string? problem = CamText.CheckInput(text, MaxBytes);
            if (problem != null)
                throw new ValidationMetadataException($"The value is not accepted: {problem}. Limit: {MaxBytes} UTF-8 bytes, printable characters only.");
        }
    }
}
