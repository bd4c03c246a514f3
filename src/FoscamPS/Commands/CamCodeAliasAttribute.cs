using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace FoscamPS.Commands
{
    /// <summary>
    /// Lets a code parameter keep taking the value names of an enum it no longer uses (one enum per code table: the
    /// stream resolution is <c>CamResolution</c>, the serial speed <c>CamBaudRate</c>), so <c>-Resolution Qvga</c> and
    /// <c>-BaudRate Baud9600</c> still bind. Each alias is "OldName=NewName"; other input passes through unchanged.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CamCodeAliasAttribute : ArgumentTransformationAttribute
    {
        private readonly Type _enumType;
        private readonly Dictionary<string, string> _aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public CamCodeAliasAttribute(Type enumType, params string[] aliases)
        {
            _enumType = enumType ?? throw new ArgumentNullException(nameof(enumType));
            foreach (var alias in aliases ?? Array.Empty<string>())
            {
                var eq = alias.IndexOf('=');
                if (eq <= 0) throw new ArgumentException($"Alias '{alias}' is not OldName=NewName.", nameof(aliases));
                _aliases[alias.Substring(0, eq)] = alias.Substring(eq + 1);
            }
        }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            return value is string text && _aliases.TryGetValue(text.Trim(), out var name) ? Enum.Parse(_enumType, name) : inputData;
        }
    }
}
