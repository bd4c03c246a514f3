using System;
using System.Diagnostics;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using FoscamPS.Emulator;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Protocol;

/// <summary>The protocol core against the in-process camera emulator (real Kestrel, real firmware behaviour).</summary>
public class EmulatorTransportTests
{
    private const string AdminPwd = "fake-Pa55!";
    private const string GuestPwd = "fake-Gue5t";

    private static Task<EmulatorHost> StartAsync(FirmwareProfile profile)
    {
        var options = new EmulatorOptions { Profile = profile, RebootTime = TimeSpan.FromMilliseconds(300) };
        options.Users.Clear();
        options.Users.Add(new EmulatedUser("admin", AdminPwd, EmulatedPrivilege.Administrator));
        options.Users.Add(new EmulatedUser("guest", GuestPwd, EmulatedPrivilege.Visitor));
        return EmulatorHost.StartAsync(options);
    }

    private static CamTransport Transport(EmulatedCamera cam, string user = "admin", string pwd = AdminPwd, double timeoutSec = 10) =>
        new(CamAddress.Parse(cam.BaseUri.ToString()), new NetworkCredential(user, pwd), new CamTransportOptions { Timeout = TimeSpan.FromSeconds(timeoutSec) });

    [Theory]
    [InlineData(FirmwareProfile.Legacy, CamAuthScheme.Basic)]
    [InlineData(FirmwareProfile.Digest, CamAuthScheme.Digest)]
    public async Task GetParamsAndCheckUser(FirmwareProfile profile, CamAuthScheme expected)
    {
        await using var host = await StartAsync(profile);
        var cam = host.Cameras[0];
        using var t = Transport(cam);
        var check = await t.SendAsync(new CamRequest("check_user.cgi", CgiSafety.ReadOnly), default);
        Assert.Equal(3, check.Vars.GetInt32("pri"));
        Assert.Equal(expected, t.NegotiatedScheme);
        long before = cam.RequestCount;
        var p = await t.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default);
        Assert.Equal(cam.Id, p.Vars.GetString("id"));
        Assert.Equal("admin", p.Vars.GetString("user1_name"));
        Assert.Equal(before + 1, cam.RequestCount); // scheme (and Digest nonce) reused: one round trip
    }

    [Theory]
    [InlineData(FirmwareProfile.Legacy)]
    [InlineData(FirmwareProfile.Digest)]
    public async Task VisitorGetsAccessDeniedOnAdminCgi(FirmwareProfile profile)
    {
        await using var host = await StartAsync(profile);
        using var t = Transport(host.Cameras[0], "guest", GuestPwd);
        var check = await t.SendAsync(new CamRequest("check_user.cgi", CgiSafety.ReadOnly), default);
        Assert.Equal(1, check.Vars.GetInt32("pri"));
        var ex = await Assert.ThrowsAsync<CamAccessDeniedException>(() => t.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default));
        Assert.Equal("get_params.cgi", ex.Cgi);
        Assert.DoesNotContain(GuestPwd, ex.ToString());
    }

    [Theory]
    [InlineData(FirmwareProfile.Legacy)]
    [InlineData(FirmwareProfile.Digest)]
    public async Task WrongPasswordIsAuthenticationFailure(FirmwareProfile profile)
    {
        await using var host = await StartAsync(profile);
        using var t = Transport(host.Cameras[0], "admin", "fake-Wr0ng");
        var ex = await Assert.ThrowsAsync<CamAuthenticationException>(() => t.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default));
        Assert.Equal(profile == FirmwareProfile.Digest ? CamAuthScheme.Digest : CamAuthScheme.Basic, ex.Scheme);
    }

    [Fact]
    public async Task LegacyGetStatusIsAnonymous()
    {
        await using var host = await StartAsync(FirmwareProfile.Legacy);
        var cam = host.Cameras[0];
        using var t = new CamTransport(CamAddress.Parse(cam.BaseUri.ToString()), null);
        var status = await t.SendAsync(new CamRequest("get_status.cgi", CgiSafety.ReadOnly), default);
        Assert.Equal(cam.Id, status.Vars.GetString("id"));
    }

    [Theory]
    [InlineData(FirmwareProfile.Legacy)]
    [InlineData(FirmwareProfile.Digest)]
    public async Task SnapshotViaOpenMedia(FirmwareProfile profile)
    {
        await using var host = await StartAsync(profile);
        var cam = host.Cameras[0];
        using var t = Transport(cam);
        using var media = await t.OpenMediaAsync(new CamRequest("snapshot.cgi", CgiSafety.ReadOnly), default);
        Assert.Equal("image/jpeg", media.ContentType);
        Assert.StartsWith("snapshot_" + cam.Id + "_", media.FileName);
        var ms = new System.IO.MemoryStream();
        await media.Body.CopyToAsync(ms);
        var jpeg = ms.ToArray();
        Assert.Equal(media.ContentLength, jpeg.Length);
        Assert.Equal(0xFF, jpeg[0]);
        Assert.Equal(0xD8, jpeg[1]);
        Assert.Equal(0xD9, jpeg[^1]);
    }

    [Theory]
    [InlineData(FirmwareProfile.Legacy)]
    [InlineData(FirmwareProfile.Digest)]
    public async Task VideoStreamViaMjpegReader(FirmwareProfile profile)
    {
        await using var host = await StartAsync(profile);
        using var t = Transport(host.Cameras[0]);
        var req = new CamRequest("videostream.cgi", CgiSafety.ReadOnly).Add("resolution", "8").Add("rate", "0");
        using (var media = await t.OpenMediaAsync(req, default))
        using (var reader = new MjpegReader(media.Body, media.ContentType))
        {
            for (int i = 0; i < 4; i++)
            {
                var f = await reader.ReadFrameAsync(default);
                Assert.NotNull(f);
                Assert.Equal(i, f!.Sequence);
                Assert.Equal(0xD8, f.Data[1]);
                Assert.Equal(0xD9, f.Data[^1]);
            }
            Assert.Equal(0, reader.DamagedParts);
        }
        // the slot was released with the media response
        await t.SendAsync(new CamRequest("get_status.cgi", CgiSafety.ReadOnly), default);
    }

    [Fact]
    public async Task VideoLoopRepeatsTheFirstFramesAndTheCommandLineSetsIt()
    {
        Assert.Equal(3, FoscamPS.Emulator.Cli.CommandLine.Parse(new[] { "--video-loop", "3" }).Options.VideoLoopFrames);
        Assert.Throws<FormatException>(() => FoscamPS.Emulator.Cli.CommandLine.Parse(new[] { "--video-loop", "0" }));
        var options = new EmulatorOptions { VideoLoopFrames = 3 };
        await using var host = await EmulatorHost.StartAsync(options);
        using var t = new CamTransport(CamAddress.Parse(host.Cameras[0].BaseUri.ToString()), new NetworkCredential("admin", ""), new CamTransportOptions { Timeout = TimeSpan.FromSeconds(10) });
        using var media = await t.OpenMediaAsync(new CamRequest("videostream.cgi", CgiSafety.ReadOnly).Add("resolution", "8").Add("rate", "0"), default);
        using var reader = new MjpegReader(media.Body, media.ContentType);
        var frames = new System.Collections.Generic.List<byte[]>();
        for (int i = 0; i < 7; i++) frames.Add((await reader.ReadFrameAsync(default))!.Data);
        Assert.NotEqual(frames[0], frames[1]);   // frame numbers differ within the loop
        Assert.NotEqual(frames[1], frames[2]);
        Assert.Equal(frames[0], frames[3]);      // then the loop repeats, byte for byte
        Assert.Equal(frames[1], frames[4]);
        Assert.Equal(frames[0], frames[6]);
    }

    [Fact]
    public async Task MalformedMjpegIsSurvived()
    {
        await using var host = await StartAsync(FirmwareProfile.Legacy);
        var cam = host.Cameras[0];
        cam.Fault = FaultMode.MalformedMjpeg;
        using var t = Transport(cam);
        using var media = await t.OpenMediaAsync(new CamRequest("videostream.cgi", CgiSafety.ReadOnly).Add("resolution", "8"), default);
        using var reader = new MjpegReader(media.Body, media.ContentType);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        int good = 0;
        while (good < 10 && reader.DamagedParts == 0 || good < 3)
        {
            var f = await reader.ReadFrameAsync(cts.Token);
            Assert.NotNull(f);
            Assert.Equal(0xD8, f!.Data[1]);
            Assert.Equal(0xD9, f.Data[^1]);
            good++;
            if (good > 60) break;
        }
        Assert.True(reader.DamagedParts > 0, "the emulator's damaged parts were noticed");
    }

    [Theory]
    [InlineData(FaultMode.Refuse, typeof(CamUnreachableException))]
    [InlineData(FaultMode.AcceptThenSilence, typeof(CamTimeoutException))]
    [InlineData(FaultMode.StallMidBody, typeof(CamTimeoutException))]
    [InlineData(FaultMode.SlowHeaders, typeof(CamTimeoutException))]
    [InlineData(FaultMode.TruncatedReply, typeof(CamProtocolException))]
    [InlineData(FaultMode.Http500, typeof(CamProtocolException))]
    public async Task FaultsMapToTypedErrorsWithinBudget(FaultMode fault, Type expected)
    {
        await using var host = await StartAsync(FirmwareProfile.Legacy);
        var cam = host.Cameras[0];
        cam.Fault = fault;
        using var t = Transport(cam, timeoutSec: 1);
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAnyAsync<CamException>(() => t.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default));
        Assert.IsType(expected, ex);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"{fault} took {sw.Elapsed}");
        Assert.DoesNotContain(AdminPwd, ex.ToString());
    }

    [Fact]
    public async Task ResetMidBodyIsTyped()
    {
        await using var host = await StartAsync(FirmwareProfile.Legacy);
        host.Cameras[0].Fault = FaultMode.ResetMidBody;
        using var t = Transport(host.Cameras[0], timeoutSec: 2);
        var ex = await Assert.ThrowsAnyAsync<CamException>(() => t.SendAsync(new CamRequest("get_params.cgi", CgiSafety.ReadOnly), default));
        Assert.True(ex is CamUnreachableException or CamProtocolException, ex.GetType().Name);
    }
}
