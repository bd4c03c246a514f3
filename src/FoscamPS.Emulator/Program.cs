using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator.Cli;
using FoscamPS.Emulator.Server;

namespace FoscamPS.Emulator;

/// <summary>
/// Command-line host: starts the cameras, prints one "LISTENING &lt;url&gt; &lt;id&gt;" line per camera and
/// "READY", then runs until Ctrl+C / SIGTERM (or stdin EOF with --exit-on-stdin-eof).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CommandLine cl;
        try
        {
            cl = CommandLine.Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync("Use --help for the options.").ConfigureAwait(false);
            return 2;
        }

        if (cl.ShowHelp)
        {
            Console.Out.WriteLine(CommandLine.Usage);
            return 0;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.TrySetResult();
        });

        EmulatorHost host;
        try
        {
            host = await EmulatorHost.StartAsync(cl.Options).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e) when (!cl.DiscoveryPortExplicit && cl.Options.DiscoveryPort == CommandLine.DefaultDiscoveryPort)
        {
            // Several emulators may run at once: only the first gets the real search port.
            await Console.Error.WriteLineAsync($"UDP port {CommandLine.DefaultDiscoveryPort} is taken ({e.SocketErrorCode}); the LAN search responder uses an ephemeral port.").ConfigureAwait(false);
            cl.Options.DiscoveryPort = 0;
            try
            {
                host = await EmulatorHost.StartAsync(cl.Options).ConfigureAwait(false);
            }
            catch (Exception inner) when (inner is ArgumentException or System.IO.IOException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync("Cannot start the emulator: " + inner.Message).ConfigureAwait(false);
                return 1;
            }
        }
        catch (Exception e) when (e is ArgumentException or System.IO.IOException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("Cannot start the emulator: " + e.Message).ConfigureAwait(false);
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            foreach (var camera in host.Cameras)
            {
                camera.RedirectTarget = cl.RedirectTarget;
            }

            foreach (var (index, mode) in cl.Faults)
            {
                host.Cameras[index].Fault = mode;
            }

            KestrelListener? control = null;
            if (cl.ControlPort is { } controlPort)
            {
                control = await ControlEndpoint.StartAsync(host, controlPort, CancellationToken.None).ConfigureAwait(false);
            }

            var output = Console.Out;
            foreach (var camera in host.Cameras)
            {
                output.Write("LISTENING ");
                output.Write(camera.BaseUri.ToString());
                output.Write(' ');
                output.WriteLine(camera.Id);
            }

            if (host.DiscoveryEndPoint is { } discovery)
            {
                output.Write("DISCOVERY ");
                output.WriteLine(discovery.ToString());
            }

            output.WriteLine("READY");
            output.Flush();

            if (cl.ExitOnStdinEof)
            {
                _ = Task.Run(() =>
                {
                    var stdin = Console.OpenStandardInput();
                    var buffer = new byte[256];
                    while (stdin.Read(buffer, 0, buffer.Length) > 0)
                    {
                    }

                    stop.TrySetResult();
                });
            }

            await stop.Task.ConfigureAwait(false);
            if (control is not null)
            {
                await control.DisposeAsync().ConfigureAwait(false);
            }
        }

        return 0;
    }
}
