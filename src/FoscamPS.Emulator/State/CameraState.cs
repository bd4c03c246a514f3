using System;
using System.Collections.Generic;
using System.Globalization;

namespace FoscamPS.Emulator.State;

/// <summary>
/// The settings of one camera: one string per <see cref="FieldCatalog"/> field (an array, so a
/// thousand cameras stay small), guarded by one lock. Values are stored in their normalised form.
/// </summary>
internal sealed class CameraState
{
    private readonly object _sync = new();
    private string[] _values;
    private string[] _factory;

    public CameraState(string[] factory)
    {
        _factory = (string[])factory.Clone();
        _values = (string[])factory.Clone();
    }

    public object Sync => _sync;

    /// <summary>Factory values with the camera's identity: id, firmware versions and vendor DDNS account.</summary>
    public static string[] BuildFactory(string id, string sysVer, string appVer)
    {
        var values = new string[FieldCatalog.Count];
        foreach (var def in FieldCatalog.All)
        {
            values[def.Ordinal] = def.Default;
        }

        values[FieldCatalog.Get("id").Ordinal] = id;
        values[FieldCatalog.Get("sys_ver").Ordinal] = sysVer;
        values[FieldCatalog.Get("app_ver").Ordinal] = appVer;

        // A vendor DDNS account derived from the id, as shipped cameras had (fake domain on purpose).
        var tag = id.Length >= 6 ? id[^6..].ToLowerInvariant() : id.ToLowerInvariant();
        values[FieldCatalog.Get("factory_ddns_service").Ordinal] = "13";
        values[FieldCatalog.Get("factory_ddns_user").Ordinal] = "cam" + tag;
        values[FieldCatalog.Get("factory_ddns_pwd").Ordinal] = "fake-ddns-" + tag;
        values[FieldCatalog.Get("factory_ddns_host").Ordinal] = "cam" + tag + ".ddns.example.invalid";
        values[FieldCatalog.Get("factory_ddns_proxy_svr").Ordinal] = "http://ddns.example.invalid/nic/update";
        values[FieldCatalog.Get("factory_ddns_proxy_port").Ordinal] = "0";
        return values;
    }

    public string Get(string name)
    {
        var ordinal = FieldCatalog.Get(name).Ordinal;
        lock (_sync)
        {
            return _values[ordinal];
        }
    }

    public string Get(FieldDef def)
    {
        lock (_sync)
        {
            return _values[def.Ordinal];
        }
    }

    public int GetInt(string name) => int.Parse(Get(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>Sets values that were already validated with <see cref="FieldDef.Normalize"/>, atomically.</summary>
    public void Apply(IEnumerable<KeyValuePair<FieldDef, string>> changes)
    {
        lock (_sync)
        {
            foreach (var (def, value) in changes)
            {
                _values[def.Ordinal] = value;
            }
        }
    }

    public void Set(string name, string value) => Apply([new KeyValuePair<FieldDef, string>(FieldCatalog.Get(name), value)]);

    /// <summary>Consistent copy of a set of fields (one lock).</summary>
    public string[] Read(IReadOnlyList<FieldDef> defs)
    {
        var result = new string[defs.Count];
        lock (_sync)
        {
            for (var i = 0; i < defs.Count; i++)
            {
                result[i] = _values[defs[i].Ordinal];
            }
        }

        return result;
    }

    public string[] CopyAll()
    {
        lock (_sync)
        {
            return (string[])_values.Clone();
        }
    }

    public Dictionary<string, string> ToDictionary()
    {
        var copy = CopyAll();
        var dict = new Dictionary<string, string>(copy.Length, StringComparer.Ordinal);
        foreach (var def in FieldCatalog.All)
        {
            dict[def.Name] = copy[def.Ordinal];
        }

        return dict;
    }

    /// <summary>restore_factory.cgi: every setting back to the factory set; identity fields stay.</summary>
    public void RestoreFactory()
    {
        lock (_sync)
        {
            var next = (string[])_factory.Clone();
            foreach (var def in FieldCatalog.All)
            {
                if (FieldCatalog.IsIdentity(def.Name) || def.Name.StartsWith("factory_ddns_", StringComparison.Ordinal))
                {
                    next[def.Ordinal] = _values[def.Ordinal];
                }
            }

            _values = next;
        }
    }

    /// <summary>set_factory_params.cgi: replaces the set restore_factory returns to.</summary>
    public void ReplaceFactory(IEnumerable<KeyValuePair<FieldDef, string>> values)
    {
        lock (_sync)
        {
            var next = (string[])_factory.Clone();
            foreach (var (def, value) in values)
            {
                next[def.Ordinal] = value;
            }

            _factory = next;
        }
    }

    /// <summary>
    /// Parses external key/value pairs (params.bin, state file, test overrides) against the catalogue.
    /// Unknown keys and "now" are skipped; identity fields are skipped unless <paramref name="includeIdentity"/>.
    /// Returns null and an error naming the first bad value.
    /// </summary>
    public static List<KeyValuePair<FieldDef, string>>? Validate(
        IEnumerable<KeyValuePair<string, string>> input, bool includeIdentity, bool rejectUnknown, out string? error)
    {
        var result = new List<KeyValuePair<FieldDef, string>>();
        foreach (var (key, raw) in input)
        {
            if (!FieldCatalog.TryGet(key, out var def))
            {
                if (rejectUnknown && key != "now")
                {
                    error = $"Unknown camera field '{key}'.";
                    return null;
                }

                continue;
            }

            if (!includeIdentity && FieldCatalog.IsIdentity(key))
            {
                continue;
            }

            var value = key == "id" ? NormalizeMac(raw) : def.Normalize(raw);
            if (value is null)
            {
                error = $"Invalid value for camera field '{key}'.";
                return null;
            }

            result.Add(new KeyValuePair<FieldDef, string>(def, value));
        }

        error = null;
        return result;
    }

    /// <summary>12 hex digits, stored upper case as the firmware prints the id; null when malformed.</summary>
    public static string? NormalizeMac(string? raw)
    {
        if (raw is null || raw.Length != 12)
        {
            return null;
        }

        foreach (var c in raw)
        {
            if (!Uri.IsHexDigit(c))
            {
                return null;
            }
        }

        return raw.ToUpperInvariant();
    }
}
