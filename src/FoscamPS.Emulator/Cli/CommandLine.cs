using System;
using System.Collections.Generic;
using System.Globalization;

namespace FoscamPS.Emulator.Cli;

/// <summary>Parsed command line of the emulator executable.</summary>
internal sealed class CommandLine
{
    public const string Usage =
        """
        FoscamPS.Emulator — emulated Foscam FI8918W cameras (firmware 11.37.2.x)

          --count N               number of cameras (default 1)
          --port N                first port; camera i listens on N+i (default: ephemeral ports)
          --bind ADDRESS          listen address (default 127.0.0.1)
          --latency MS|MIN-MAX    delay before response headers, fixed or random range (ms)
          --profile legacy|digest|clone  firmware profile: 11.37.2.49 Basic / 11.37.2.56 Digest /
                                  0.37.2.36 Netwave clone (double quotes, CRLF, += lines) (default legacy)
          --user NAME:PWD:PRI     account (PRI 0 visitor, 1 operator, 2 administrator); repeatable,
                                  replaces the default admin with an empty password; at most 8
          --fault INDEX:MODE      fault of camera INDEX (0-based): None, Refuse, AcceptThenSilence,
                                  SlowHeaders, StallMidBody, ResetMidBody, TruncatedReply, GarbageReply,
                                  Http500, TruncatedMjpeg, MalformedMjpeg, HugeHeaderLine, EndlessBody,
                                  RedirectElsewhere, IllegalParams, DropSetterReply,
                                  DropSetterReplyThenSilence; repeatable
          --redirect-to URL       target of RedirectElsewhere (default http://127.0.0.2:<port+1>/)
          --state FILE.json       load state overrides at start, write all state on exit
          --control-port N        loopback control endpoint: GET /stats, POST /reset,
                                  POST /fault?index=I&mode=M[&location=URL],
                                  POST /latency?index=I&ms=N[&max=M], POST /reboot?index=I
          --reboot-ms N           reboot duration (default 2000)
          --move-port-on-reboot   a camera whose set_network port changed listens there after its reboot
          --video-loop N          benchmarks: render each camera's first N video frames once, then repeat them
          --wifi-scan-ms N        wifi scan duration (default 1000)
          --slow-headers-ms N     SlowHeaders trickle duration (default 30000)
          --discovery-port N|off  UDP port of the LAN search responder (MO_I) on the bind address
                                  (default 10000; when 10000 is taken an ephemeral port is used)
          --id-prefix HEX6        first 6 hex digits of camera ids (default random)
          --exit-on-stdin-eof     also exit when standard input reaches end of file

        Prints "LISTENING <url> <id>" per camera, "DISCOVERY <address:port>", then "READY". Stops on Ctrl+C / SIGTERM.
        """;

    public EmulatorOptions Options { get; } = new() { DiscoveryPort = DefaultDiscoveryPort };

    /// <summary>The LAN search port real cameras use; the CLI's default.</summary>
    public const int DefaultDiscoveryPort = 10000;

    /// <summary>--discovery-port was given (no fallback to an ephemeral port when it is taken).</summary>
    public bool DiscoveryPortExplicit { get; private set; }

    public List<(int Index, FaultMode Mode)> Faults { get; } = new();

    public int? ControlPort { get; private set; }

    /// <summary>--redirect-to: where RedirectElsewhere sends clients (all cameras).</summary>
    public Uri? RedirectTarget { get; private set; }

    public bool ExitOnStdinEof { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Parses arguments; throws <see cref="FormatException"/> with a message naming the bad option.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var cl = new CommandLine();
        var users = new List<EmulatedUser>();
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{option} needs a value.");
                }

                return args[++i];
            }

            switch (option)
            {
                case "--help" or "-h" or "-?":
                    cl.ShowHelp = true;
                    break;
                case "--count":
                    cl.Options.Count = Int(option, Value(), 1, 60000);
                    break;
                case "--port":
                    cl.Options.BasePort = Int(option, Value(), 1, 65535);
                    break;
                case "--bind":
                    cl.Options.BindAddress = Value();
                    break;
                case "--latency":
                    {
                        var v = Value();
                        var dash = v.IndexOf('-', StringComparison.Ordinal);
                        if (dash < 0)
                        {
                            cl.Options.Latency = TimeSpan.FromMilliseconds(Int(option, v, 0, 600000));
                            cl.Options.LatencyMax = null;
                        }
                        else
                        {
                            var min = Int(option, v[..dash], 0, 600000);
                            var max = Int(option, v[(dash + 1)..], min, 600000);
                            cl.Options.Latency = TimeSpan.FromMilliseconds(min);
                            cl.Options.LatencyMax = TimeSpan.FromMilliseconds(max);
                        }

                        break;
                    }

                case "--profile":
                    cl.Options.Profile = Value().ToLowerInvariant() switch
                    {
                        "legacy" => FirmwareProfile.Legacy,
                        "digest" => FirmwareProfile.Digest,
                        "clone" => FirmwareProfile.Clone,
                        var other => throw new FormatException($"--profile must be legacy, digest or clone, not '{other}'."),
                    };
                    break;
                case "--user":
                    users.Add(ParseUser(Value()));
                    break;
                case "--fault":
                    {
                        var v = Value();
                        var colon = v.IndexOf(':', StringComparison.Ordinal);
                        if (colon < 0 || !Enum.TryParse<FaultMode>(v[(colon + 1)..], ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
                        {
                            throw new FormatException($"--fault needs INDEX:MODE with MODE one of {string.Join(", ", Enum.GetNames<FaultMode>())}.");
                        }

                        cl.Faults.Add((Int(option, v[..colon], 0, 59999), mode));
                        break;
                    }

                case "--redirect-to":
                    {
                        var v = Value();
                        if (!Uri.TryCreate(v, UriKind.Absolute, out var target) || target.Scheme != Uri.UriSchemeHttp)
                        {
                            throw new FormatException($"--redirect-to needs an absolute http URL, not '{v}'.");
                        }

                        cl.RedirectTarget = target;
                        break;
                    }

                case "--state":
                    cl.Options.StateFile = Value();
                    break;
                case "--control-port":
                    cl.ControlPort = Int(option, Value(), 1, 65535);
                    break;
                case "--reboot-ms":
                    cl.Options.RebootTime = TimeSpan.FromMilliseconds(Int(option, Value(), 0, 600000));
                    break;
                case "--wifi-scan-ms":
                    cl.Options.WifiScanDelay = TimeSpan.FromMilliseconds(Int(option, Value(), 0, 600000));
                    break;
                case "--slow-headers-ms":
                    cl.Options.SlowHeadersDelay = TimeSpan.FromMilliseconds(Int(option, Value(), 0, 3600000));
                    break;
                case "--discovery-port":
                    {
                        var v = Value();
                        cl.Options.DiscoveryPort = string.Equals(v, "off", StringComparison.OrdinalIgnoreCase) ? null : Int(option, v, 0, 65535);
                        cl.DiscoveryPortExplicit = true;
                        break;
                    }

                case "--id-prefix":
                    cl.Options.IdPrefix = Value();
                    break;
                case "--video-loop":
                    cl.Options.VideoLoopFrames = Int(option, Value(), 1, 1000);
                    break;
                case "--move-port-on-reboot":
                    cl.Options.MovePortOnReboot = true;
                    break;
                case "--exit-on-stdin-eof":
                    cl.ExitOnStdinEof = true;
                    break;
                default:
                    throw new FormatException($"Unknown option '{option}'. Use --help.");
            }
        }

        if (users.Count > 0)
        {
            if (users.Count > 8)
            {
                throw new FormatException("At most 8 --user options.");
            }

            cl.Options.Users.Clear();
            cl.Options.Users.AddRange(users);
        }

        foreach (var (index, _) in cl.Faults)
        {
            if (index >= cl.Options.Count)
            {
                throw new FormatException($"--fault index {index} is beyond --count {cl.Options.Count}.");
            }
        }

        return cl;
    }

    /// <summary>name:pwd:pri — the password may itself contain ':' (name = before the first, pri = after the last).</summary>
    private static EmulatedUser ParseUser(string text)
    {
        var first = text.IndexOf(':', StringComparison.Ordinal);
        var last = text.LastIndexOf(':');
        if (first <= 0 || last == first)
        {
            throw new FormatException("--user needs NAME:PWD:PRI.");
        }

        var pri = Int("--user", text[(last + 1)..], 0, 2);
        return new EmulatedUser(text[..first], text[(first + 1)..last], (EmulatedPrivilege)pri);
    }

    private static int Int(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new FormatException($"{option}: '{text}' is not a number in {min}..{max}.");
}
