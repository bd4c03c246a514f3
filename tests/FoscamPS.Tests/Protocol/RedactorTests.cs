using System;
using System.Net;
using System.Text;
using FoscamPS.Protocol;
using Xunit;

namespace FoscamPS.Tests.Protocol;

public class RedactorTests
{
    [Theory]
    [InlineData("http://cam:81/get_params.cgi?user=admin&pwd=fake-Pa55!", "http://cam:81/get_params.cgi?user=***&pwd=***")]
    [InlineData("http://cam/set_ftp.cgi?user=ftp&pwd=fake-F&cam_user=admin&cam_pwd=fake-C", "http://cam/set_ftp.cgi?user=***&pwd=***&cam_user=***&cam_pwd=***")]
    [InlineData("http://admin:fake-Pa55!@cam:81/x.cgi", "http://cam:81/x.cgi")]
    [InlineData("https://u@cam/", "https://cam/")]
    [InlineData("http://cam/set_users.cgi?user1=admin&pwd1=fake-1&pri1=2", "http://cam/set_users.cgi?user1=***&pwd1=***&pri1=2")]
    [InlineData("http://cam/set_wifi.cgi?ssid=home&wpa_psk=fake-psk-123&key1=abc", "http://cam/set_wifi.cgi?ssid=home&wpa_psk=***&key1=***")]
    [InlineData("http://cam/set_mail.cgi?mail_user=a&mail_pwd=fake-m&svr=smtp", "http://cam/set_mail.cgi?mail_user=***&mail_pwd=***&svr=smtp")]
    [InlineData("http://cam/get_params.cgi?pwd=", "http://cam/get_params.cgi?pwd=")]
    [InlineData("http://cam/decoder_control.cgi?command=6", "http://cam/decoder_control.cgi?command=6")]
    [InlineData("", "")]
    public void RedactUrl(string url, string expected) => Assert.Equal(expected, Redactor.RedactUrl(url));

    [Fact]
    public void RedactTextRemovesEveryFormOfThePassword()
    {
        const string pwd = "fake &Pa55=ä";
        var c = new NetworkCredential("admin", pwd);
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + pwd));
        string text = $"raw {pwd} | esc {Uri.EscapeDataString(pwd)} | lower {Uri.EscapeDataString(pwd).ToLowerInvariant()} | form {Uri.EscapeDataString(pwd).Replace("%20", "+")} | basic {basic} | Authorization: Basic {basic}\r\nnext | url http://cam/x.cgi?pwd=abc";
        string r = Redactor.RedactText(text, c);
        Assert.DoesNotContain(pwd, r);
        Assert.DoesNotContain(Uri.EscapeDataString(pwd), r, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(basic, r);
        Assert.DoesNotContain("abc", r);
        Assert.Contains("next", r);
        Assert.Equal("nothing secret", Redactor.RedactText("nothing secret", c));
        Assert.Equal("x", Redactor.RedactText("x", null));
    }
}
