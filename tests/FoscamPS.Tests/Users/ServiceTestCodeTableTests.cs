using System;
using System.Collections.Generic;
using System.Linq;
using FoscamPS.Model;
using Xunit;

namespace FoscamPS.Tests.Users
{
    /// <summary>The test_mail/test_ftp code rows and their enums name the same codes (one row per code, none missing).</summary>
    public sealed class ServiceTestCodeTableTests
    {
        public static IEnumerable<object[]> Tables()
        {
            yield return new object[] { typeof(CamMailTestCode), CamServiceTestCodes.Mail };
            yield return new object[] { typeof(CamFtpTestCode), CamServiceTestCodes.Ftp };
        }

        [Theory]
        [MemberData(nameof(Tables))]
        public void EveryEnumCodeHasARow_AndEveryRowAName(Type codes, IReadOnlyDictionary<int, string> rows)
        {
            var values = Enum.GetValues(codes).Cast<object>().Select(Convert.ToInt32).OrderBy(x => x).ToArray();
            Assert.Equal(values, rows.Keys.OrderBy(x => x).ToArray());
            Assert.All(rows.Values, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        }

        [Fact]
        public void SharedCodes_MeanTheSameForMailAndFtp()
        {
            for (var code = 0; code <= 5; code++) Assert.Equal(CamServiceTestCodes.Mail[code], CamServiceTestCodes.Ftp[code]);
            Assert.Equal("incorrect directory", CamServiceTestCodes.Ftp[6]);
            Assert.Equal("rejected by the sender", CamServiceTestCodes.Mail[6]);
        }
    }
}
