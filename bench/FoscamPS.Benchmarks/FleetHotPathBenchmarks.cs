using System.Net;
using BenchmarkDotNet.Attributes;
using FoscamPS.Fleet;
using FoscamPS.Model;
using FoscamPS.Protocol;

namespace FoscamPS.Benchmarks;

/// <summary>
/// Per-camera hot paths of a fleet run (issue 13): a camera's transport (one per session), and get_params parsed
/// into the typed groups of Get-CamConfig (the settings core's codecs).
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class FleetHotPathBenchmarks
{
    private string _getParams = "";
    private CamVars _vars = null!;
    private CamSession _camera = null!;
    private readonly CamAddress _address = CamAddress.Parse("127.0.0.1:8080");
    private readonly NetworkCredential _credential = new NetworkCredential("admin", "fake-pw-1");

    [GlobalSetup]
    public void Setup()
    {
        _getParams = ProtocolData.GetParams4K();
        _vars = ReplyParser.Parse(_getParams);
        _camera = new CamSession("bench", _address, null);
    }

    /// <summary>What a session costs before its first request: its transport (HTTP client and handler).</summary>
    [Benchmark]
    public int CreateTransport()
    {
        using var transport = new CamTransport(_address, _credential);
        return transport.Address.Port;
    }

    /// <summary>get_params text → CamVars → the typed groups Get-CamConfig builds from it.</summary>
    [Benchmark]
    public int ParseGetParamsToTypedGroups()
    {
        var vars = ReplyParser.Parse(_getParams);
        return ParseGroups(vars);
    }

    /// <summary>The 200 output rows of Get-CamParam for one camera (reply already parsed; no PowerShell).</summary>
    [Benchmark]
    public int ParamRowsFromVars()
    {
        var n = 0;
        foreach (var pair in _vars)
        {
            var field = pair.Key;
            var known = CamFieldTable.FindParam(field);
            var row = CamParam.FromField(_camera, known, CamFieldTable.GroupOfParam(field, known), field, pair.Value, false);
            n += row.Name.Length;
        }
        return n;
    }

    /// <summary>
    /// The typed groups alone (reply already parsed). The same CamVars every call, so the reply's memo of unknown fields
    /// is made once, not per camera: ParseGetParamsToTypedGroups minus the get_params parse is the per-camera figure.
    /// </summary>
    [Benchmark]
    public int TypedGroupsFromVars() => ParseGroups(_vars);

    private int ParseGroups(CamVars vars)
    {
        var n = 0;
        n += CamGroupCodecs.Network.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.Wifi.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.DateTime.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.Pppoe.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.Upnp.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.Ddns.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.Mail.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.Ftp.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.Alarm.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.Msn.Parse(_camera, vars).GetHashCode() & 1;
        n += CamGroupCodecs.Decoder.Parse(_camera, vars).GetHashCode() & 1;
        for (var i = CamFieldTable.FirstDevice; i <= CamFieldTable.LastDevice; i++)
            n += CamGroupCodecs.DeviceLink(i).Parse(_camera, vars).GetHashCode() & 1;
        return n;
    }
}
