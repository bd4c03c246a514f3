using System.Linq;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Protocol;

public class ReplyParserTests
{
    [Fact]
    public void ParsesStringsNumbersAndEmpty()
    {
        var v = ReplyParser.Parse("var id='00626E4F1A2B';\nvar sys_ver='11.37.2.49';\nvar alias='';\nvar now=1700000000;\nvar tz=-3600;\n");
        Assert.Equal("00626E4F1A2B", v.GetString("id"));
        Assert.True(v["id"].Quoted);
        Assert.Equal("11.37.2.49", v.GetString("sys_ver"));
        Assert.Equal("", v.GetString("alias"));
        Assert.True(v["alias"].Quoted);
        Assert.Equal(1700000000L, v.GetInt64("now"));
        Assert.False(v["now"].Quoted);
        Assert.Equal(-3600, v.GetInt32("tz"));
        Assert.Equal(new[] { "id", "sys_ver", "alias", "now", "tz" }, v.Keys.ToArray());
    }

    [Theory]
    [InlineData("var a='x';\r\nvar b=2;\r\n")]
    [InlineData("var a='x';\nvar b=2;\n")]
    [InlineData("var a='x';\nvar b=2;")]
    [InlineData("\n\n  var a='x';  \n\t\nvar b=2;\r\n\r\n")]
    [InlineData("var a=\"x\";\nvar b=2;")]
    [InlineData("a='x';\nb=2;")]
    [InlineData("var a = 'x' ;\nvar b = 2 ;")]
    [InlineData("var a='x'\nvar b=2")]
    [InlineData("var a='x';\rvar b=2;\r")]
    public void LineEndsQuotesAndSpacingVariants(string text)
    {
        var v = ReplyParser.Parse(text);
        Assert.Equal("x", v.GetString("a"));
        Assert.Equal(2, v.GetInt32("b"));
        Assert.Equal(2, v.Count);
    }

    [Theory]
    [InlineData(@"var s='a\nb';", "a\nb")]
    [InlineData(@"var s='a\\b';", "a\\b")]
    [InlineData(@"var s='it\'s';", "it's")]
    [InlineData(@"var s=""say \""hi\"""";", "say \"hi\"")]
    [InlineData(@"var s='tab\there';", "tab\there")]
    [InlineData(@"var s='keep \q';", "keep \\q")]
    [InlineData(@"var s='trailing\';", "trailing\\")]
    [InlineData(@"var s='\\\\';", "\\\\")]
    [InlineData(@"var s='a\/b';", "a/b")]
    public void Escapes(string line, string expected) => Assert.Equal(expected, ReplyParser.Parse(line).GetString("s"));

    [Theory]
    [InlineData("var ssid='Cafe & Bar = Free; Wi-Fi';", "Cafe & Bar = Free; Wi-Fi")]
    [InlineData("var url='http://x/cgi?a=1&b=2;c';", "http://x/cgi?a=1&b=2;c")]
    [InlineData("var pwd='fake-Pa55!';", "fake-Pa55!")]
    [InlineData("var q='it''s';", "it''s")]
    [InlineData("var q='\"quoted\"';", "\"quoted\"")]
    [InlineData("var q=\"'single'\";", "'single'")]
    [InlineData("var sp='  padded  ';", "  padded  ")]
    [InlineData("var semi=';';", ";")]
    [InlineData("var semis=';;';", ";;")]
    [InlineData("var eq='=';", "=")]
    [InlineData("var nonascii='Überwachung ☃';", "Überwachung ☃")]
    public void ValuesWithSeparatorsAndQuotes(string line, string expected)
    {
        var v = ReplyParser.Parse(line);
        Assert.Single(v);
        Assert.Equal(expected, v.First().Value.Text);
    }

    [Fact]
    public void Arrays()
    {
        var v = ReplyParser.Parse(
            "var ap_number=3;\nvar ap_ssid=new Array();\nvar ap_mode=new Array();\nap_ssid[0]='home';\nap_mode[0]=0;\nap_ssid[2]='x=y;z';\nap_mode[2]=1;\nap_ssid[1]='';\nap_mode[1]=0;\n");
        Assert.Equal(new[] { "home", "", "x=y;z" }, v.GetArray("ap_ssid").Select(x => x.Text).ToArray());
        Assert.Equal(new[] { "0", "0", "1" }, v.GetArray("ap_mode").Select(x => x.Text).ToArray());
        Assert.Equal(new[] { "ap_ssid", "ap_mode" }, v.ArrayNames.ToArray());
        Assert.False(v.ContainsKey("ap_ssid"));
        Assert.False(v.ContainsKey("ap_ssid[0]"));
        Assert.Equal(3, v.GetInt32("ap_number"));
        Assert.Empty(v.GetArray("missing"));
        Assert.Empty(ReplyParser.Parse("var e=new Array();").GetArray("e"));
    }

    [Fact]
    public void ArrayHolesStayAligned()
    {
        var a = ReplyParser.Parse("x[0]='a';\nx[3]='d';").GetArray("x");
        Assert.Equal(new[] { "a", "", "", "d" }, a.Select(e => e.Text).ToArray());
    }

    [Fact]
    public void HugeArrayIndexIsIgnored()
    {
        var v = ReplyParser.Parse("x[99999999]='a';\nx[1]='b';");
        Assert.Equal(2, v.GetArray("x").Count);
    }

    [Fact]
    public void ContinuationLinesAppend()
    {
        var v = ReplyParser.Parse("var log_text=\"first\\n\";\nlog_text+=\"second\\n\";\nlog_text+='third';\nvar fresh+='new';\nap_ssid[0]='ab';\nap_ssid[0]+='cd';");
        Assert.Equal("first\nsecond\nthird", v.GetString("log_text"));
        Assert.Equal("new", v.GetString("fresh"));
        Assert.Equal("abcd", v.GetArray("ap_ssid")[0].Text);
    }

    [Fact]
    public void LastAssignmentWinsKeepingFirstPosition()
    {
        var v = ReplyParser.Parse("var a=1;\nvar b=2;\nvar a=3;");
        Assert.Equal(new[] { "a", "b" }, v.Keys.ToArray());
        Assert.Equal(3, v.GetInt32("a"));
    }

    [Fact]
    public void UnknownFieldsKeptMissingAreNull()
    {
        var v = ReplyParser.Parse("var id='x';\nvar undocumented_field_42='y';");
        Assert.Equal("y", v.GetString("undocumented_field_42"));
        Assert.Null(v.GetString("alias"));
        Assert.Null(v.GetInt32("alias"));
        Assert.Null(v.GetUInt32("alias"));
        Assert.Null(v.GetInt64("alias"));
        Assert.False(v.TryGetValue("alias", out _));
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => v["alias"]);
    }

    [Fact]
    public void NamesAreCaseSensitive()
    {
        var v = ReplyParser.Parse("var Alias='A';\nvar alias='a';");
        Assert.Equal("A", v.GetString("Alias"));
        Assert.Equal("a", v.GetString("alias"));
    }

    [Theory]
    [InlineData("<html><body>404 File not found.</body></html>")]
    [InlineData("ok.")]
    [InlineData("error: illegal params.")]
    [InlineData("just some prose = with an equals sign")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0\">")]
    [InlineData("=novalue;")]
    [InlineData("var =1;")]
    [InlineData("\u0001\u0002\u0000garbage\u001b[31m")]
    [InlineData("")]
    public void JunkIsSkipped(string junk)
    {
        var v = ReplyParser.Parse(junk + "\nvar ok='yes';\n" + junk);
        Assert.Equal("yes", v.GetString("ok"));
        Assert.Single(v);
    }

    [Theory]
    [InlineData("4294967264", 4294967264u)]
    [InlineData("-1", uint.MaxValue)]
    [InlineData("-32", 4294967264u)]
    [InlineData("0", 0u)]
    [InlineData(" 7 ", 7u)]
    public void UInt32Schedules(string text, uint expected) => Assert.Equal(expected, ReplyParser.Parse($"var w={text};").GetUInt32("w"));

    [Theory]
    [InlineData("4294967296")]
    [InlineData("-2147483649")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    public void UInt32RejectsOutOfRange(string text) => Assert.Null(ReplyParser.Parse($"var w={text};").GetUInt32("w"));

    [Fact]
    public void NumbersUseInvariantCulture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var v = ReplyParser.Parse("var result=-13;\nvar big=4294967264;\nvar ok=0;\nvar quoted='42';");
            Assert.Equal(-13, v.GetInt32("result"));
            Assert.Equal(4294967264L, v.GetInt64("big"));
            Assert.Null(v.GetInt32("big"));
            Assert.Equal(42, v.GetInt32("quoted"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void TestMailResultAcceptsBothSigns()
    {
        Assert.Equal(-1, ReplyParser.Parse("var result=-1;").GetInt32("result"));
        Assert.Equal(1, ReplyParser.Parse("var result=1;").GetInt32("result"));
    }

    [Fact]
    public void LogTextEntriesSplitOnEscapedNewline()
    {
        var v = ReplyParser.Parse(@"var log_text='Mon, 2024-01-01 10:00:00   admin   192.168.1.5   access\nMon, 2024-01-01 10:01:00   admin   192.168.1.5   access\n';");
        var entries = v.GetString("log_text")!.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, entries.Length);
    }

    [Fact]
    public void RealisticGetParamsReply()
    {
        string text = SampleReplies.GetParams4K();
        Assert.InRange(text.Length, 3500, 5000);
        var v = ReplyParser.Parse(text);
        Assert.Equal("admin", v.GetString("user1_name"));
        Assert.Equal(2, v.GetInt32("user1_pri"));
        Assert.Equal("fake-Pa55!", v.GetString("user1_pwd"));
        Assert.Equal(4294967295u, v.GetUInt32("alarm_schedule_sun_0"));
        Assert.Equal("smtp.example.com", v.GetString("mail_svr"));
        Assert.Equal(18000, v.GetInt32("tz"));
        Assert.True(v.Count > 100);
    }

    [Fact]
    public void EmptyAndNull()
    {
        Assert.Empty(ReplyParser.Parse(""));
        Assert.Empty(ReplyParser.Parse(null!));
        Assert.Empty(CamVars.Empty);
    }

    [Fact]
    public void ValueWithoutClosingQuoteIsTolerated()
    {
        var v = ReplyParser.Parse("var a='unterminated;\nvar b=1;");
        Assert.Equal("unterminated", v.GetString("a"));
        Assert.Equal(1, v.GetInt32("b"));
    }

    [Fact]
    public void Memo_IsWorkedOutOncePerKey_AndForgottenWhenTheSetChanges()
    {
        var v = ReplyParser.Parse("var a=1;\nvar b=2;\n");
        var calls = 0;
        string[] Keys(CamVars set, object key) { calls++; return set.Keys.Select(k => key + ":" + k).ToArray(); }
        var first = v.Memo("x", Keys);
        Assert.Same(first, v.Memo("x", Keys));
        Assert.Equal(1, calls);
        Assert.Equal(new[] { "y:a", "y:b" }, v.Memo("y", Keys));   // another key replaces the slot
        Assert.Equal(2, calls);
        v.Set("c", new CamValue("3", false));
        Assert.Equal(new[] { "y:a", "y:b", "y:c" }, v.Memo("y", Keys));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void AFieldCalledVar_IsTheKeyword_NotAField()
    {
        // "var = 'x';" reads as the keyword followed by nothing: skipped, as any line without a name. "var var='x';" is a field.
        Assert.Empty(ReplyParser.Parse("var = 'x';\n"));
        Assert.Equal("x", ReplyParser.Parse("var var = 'x';\n").GetString("var"));
        Assert.Equal("x", ReplyParser.Parse("var='x';\n").GetString("var"));
    }
}

