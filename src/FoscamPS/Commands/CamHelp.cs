namespace FoscamPS.Commands
{
    /// <summary>
    /// Where the online help of each cmdlet lives (Get-Help -Online). Every cmdlet declares
    /// <c>HelpUri = CamHelp.Base + "Verb-Noun.md"</c> in its [Cmdlet] attribute; a test checks that each one does and
    /// that the page exists in docs/.
    /// </summary>
    internal static class CamHelp
    {
        /// <summary>The repository.</summary>
        public const string Repository = "https://github.com/foscamps/FoscamPS";

        /// <summary>The folder of the cmdlet help pages (docs/&lt;Verb-Noun&gt;.md).</summary>
        public const string Base = Repository + "/blob/main/docs/";
    }
}
