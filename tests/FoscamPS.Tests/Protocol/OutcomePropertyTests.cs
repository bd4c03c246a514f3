using System;
using System.Text;
using CsCheck;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Protocol;

/// <summary>
/// CamOutcome.Classify judges a 200 body without copying it (no Trim of a 10 KB get_params reply); it must judge every
/// body exactly as the plain "trim, then look" reading does: same outcome type, same message.
/// </summary>
public class OutcomePropertyTests
{
    /// <summary>The straightforward reading the fast path replaced (kept here as the oracle).</summary>
    private static CamException? Reference(string body, string cgi, string camera)
    {
        string t = body.Trim();
        if (CamOutcome.IsAuthErrorBody(t))
            return new CamAuthenticationException($"{CamException.Prefix(camera)} rejected the credential for {cgi} ('{CamOutcome.AuthErrorBody}').", CamAuthScheme.None, null, camera);
        if (t.StartsWith("error", StringComparison.OrdinalIgnoreCase))
        {
            string raw = CamOutcome.Sanitize(Redactor.RedactText(t.Length > 4096 ? t.Substring(0, 4096) : t, null), 200);
            if (t.IndexOf("illegal http frame", StringComparison.OrdinalIgnoreCase) >= 0)
                return new CamProtocolException($"{CamException.Prefix(camera)} rejected the request frame of {cgi} ('{raw}'): the upload was empty or malformed.", camera);
            return new CamIllegalParamsException($"{CamException.Prefix(camera)} rejected the parameters of {cgi} ('{raw}').", raw, camera);
        }
        return null;
    }

    private static readonly string[] Pieces =
    {
        " ", "\n", "\r\n", "\t", "\u00a0", "\u2003", "error", "ERROR", "err", "or", ": illegal params.", "illegal http frame", "ok.",
        "user or passwd is error", "User Or Passwd Is Error", "var id='00A0';\n", "var alias='Lobby';\n", "x",
    };

    private static readonly Gen<string> GenBody = Gen.Frequency(
        (6, Gen.Int[0, Pieces.Length - 1].Array[0, 12].Select(ix =>
        {
            var sb = new StringBuilder();
            foreach (var i in ix) sb.Append(Pieces[i]);
            return sb.ToString();
        })),
        // Long bodies around the 512-character limit of the auth-error body, with and without surrounding space.
        (2, Gen.Select(Gen.Int[0, 3], Gen.Int[490, 530], Gen.Int[0, 3], Gen.Bool, (lead, n, trail, auth) =>
            new string(' ', lead) + (auth ? "user or passwd is error" : "var a=1;") + new string('x', n) + new string('\n', trail))),
        (1, Gen.String));

    [Fact]
    public void ClassifyOf200_MatchesTrimThenLook_ForEveryBody()
    {
        GenBody.Sample(body =>
        {
            var expected = Reference(body, "get_params.cgi", "cam:80");
            var actual = CamOutcome.Classify(200, body, "get_params.cgi", "cam:80", null);
            Assert.Equal(expected?.GetType(), actual?.GetType());
            Assert.Equal(expected?.Message, actual?.Message);
        }, iter: 20000);
    }

    [Theory]
    [InlineData("ok.\n")]
    [InlineData("var id='x';\n")]
    public void ClassifyOf200_ReturnsNullForAGoodReply(string body)
        => Assert.Null(CamOutcome.Classify(200, body, "get_params.cgi", "cam:80", null));
}
