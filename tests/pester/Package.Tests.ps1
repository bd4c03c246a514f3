#Requires -Modules Pester
# The packages as an admin gets them: FoscamPS.zip in the Azure Automation layout, and the .nupkg installed with
# PSResourceGet (Install-PSResource / Save-PSResource) from a local file repository, imported from there in a fresh
# pwsh. Every fresh pwsh gets its own HOME, so no repository or module lands in the user's profile.

BeforeAll {
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:moduleDir = Split-Path $env:FOSCAMPS_TEST_MODULE -Parent
    $script:manifest = Import-PowerShellDataFile $env:FOSCAMPS_TEST_MODULE
    $script:version = $manifest.ModuleVersion
    $script:pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-package-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory $work

    function script:Invoke-FreshPwsh {
        # Runs a script in a fresh, non-interactive pwsh whose HOME (and XDG/AppData folders) live under $work.
        param([string] $Script, [string] $HomeName = 'home')
        $homeDir = Join-Path $work $HomeName
        $null = New-Item -ItemType Directory -Force $homeDir
        $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $Script) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        $psi.Environment['HOME'] = $homeDir
        $psi.Environment['XDG_DATA_HOME'] = Join-Path $homeDir '.local/share'
        $psi.Environment['XDG_CONFIG_HOME'] = Join-Path $homeDir '.config'
        $psi.Environment['XDG_CACHE_HOME'] = Join-Path $homeDir '.cache'
        $psi.Environment['LOCALAPPDATA'] = Join-Path $homeDir 'AppData/Local'
        $psi.Environment['APPDATA'] = Join-Path $homeDir 'AppData/Roaming'
        $psi.Environment['PSModulePath'] = ''
        $psi.Environment['FOSCAMPS_CONFIG_DIR'] = Join-Path $homeDir 'foscamps'
        # .NET reports a special folder that does not exist as '' (PSResourceGet would then write under the cwd).
        foreach ($v in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'LOCALAPPDATA', 'APPDATA') { $null = New-Item -ItemType Directory -Force $psi.Environment[$v] }
        $psi.WorkingDirectory = $homeDir
        $p = [System.Diagnostics.Process]::Start($psi)
        $stdout = $p.StandardOutput.ReadToEndAsync(); $stderr = $p.StandardError.ReadToEndAsync()
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
    }

    # Package the module under test exactly as build.ps1 -Task Package does.
    $script:out = Join-Path $work 'out'
    $r = Invoke-FreshPwsh -HomeName 'packager' -Script "& '$repoRoot/tools/New-ModulePackage.ps1' -ModulePath '$moduleDir' -OutputPath '$out' | Out-Null"
    if ($r.ExitCode -ne 0) { throw "Packaging failed: $($r.Output) $($r.Error)" }
    $script:zip = Join-Path $out 'FoscamPS.zip'
    $script:nupkg = Join-Path $out "FoscamPS.$version.nupkg"
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $archive = [IO.Compression.ZipFile]::OpenRead($zip)
    try { $script:zipEntries = @($archive.Entries | ForEach-Object FullName) } finally { $archive.Dispose() }
    $script:expectedCount = @($manifest.CmdletsToExport).Count
}

AfterAll {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'FoscamPS.zip (Azure Automation)' {
    It 'has FoscamPS/ at its root with the manifest, the dll, every format file and the en-US help' {
        $zipEntries | ForEach-Object { $_ | Should -BeLike 'FoscamPS/*' }
        $zipEntries | Should -Contain 'FoscamPS/FoscamPS.psd1'
        $zipEntries | Should -Contain 'FoscamPS/FoscamPS.dll'
        $zipEntries | Should -Contain 'FoscamPS/en-US/FoscamPS.dll-Help.xml'
        $zipEntries | Should -Contain 'FoscamPS/en-US/about_FoscamPS.help.txt'
        foreach ($f in $manifest.FormatsToProcess) { $zipEntries | Should -Contain "FoscamPS/$f" }
    }

    It 'has no dependency: one assembly, no native files, no nested modules' {
        @($zipEntries | Where-Object { $_ -match '\.(dll|so|dylib|exe)$' }) | Should -Be @('FoscamPS/FoscamPS.dll')
        $manifest.ContainsKey('RequiredModules') | Should -BeFalse
        $manifest.ContainsKey('RequiredAssemblies') | Should -BeFalse
        $manifest.ContainsKey('NestedModules') | Should -BeFalse
    }

    It 'keeps every path under 140 characters, with room for the Automation modules folder' {
        foreach ($e in $zipEntries) { ('C:\Modules\User\' + $e).Length | Should -BeLessThan 140 -Because $e }
    }

    It 'imports from the unpacked folder in a fresh pwsh with every cmdlet' {
        $dest = Join-Path $work 'unzipped'
        Expand-Archive $zip $dest
        $r = Invoke-FreshPwsh -HomeName 'zip' -Script "Import-Module '$dest/FoscamPS' -ErrorAction Stop; (Get-Command -Module FoscamPS -CommandType Cmdlet).Count; (Get-Module FoscamPS).Version.ToString()"
        $r.ExitCode | Should -Be 0 -Because $r.Error
        ($r.Output -split "`r?`n")[0] | Should -Be "$expectedCount"
        ($r.Output -split "`r?`n")[1] | Should -Be $version
    }
}

Describe 'Manifest metadata' {
    BeforeAll {
        $dest = Join-Path $work 'manifest'
        Expand-Archive $zip $dest -Force
        $script:packaged = Import-PowerShellDataFile (Join-Path $dest 'FoscamPS/FoscamPS.psd1')
        $script:psdata = $packaged.PrivateData.PSData
    }

    It 'takes its ReleaseNotes from the CHANGELOG.md section of this version' {
        $changelog = Get-Content -Raw (Join-Path $repoRoot 'CHANGELOG.md')
        $section = [regex]::Match($changelog, "(?ms)^## $([regex]::Escape($version))\s*$\r?\n(?<body>.*?)(?=^## |\z)").Groups['body'].Value.Trim()
        $section | Should -Not -BeNullOrEmpty
        $psdata.ReleaseNotes.Trim() | Should -Be $section
    }

    It 'points ProjectUri, LicenseUri and HelpInfoUri at the repository, with a LICENSE shipped' {
        $psdata.ProjectUri | Should -Match '^https://github\.com/[^/]+/FoscamPS$'
        $psdata.LicenseUri | Should -Be "$($psdata.ProjectUri)/blob/main/LICENSE"
        $packaged.HelpInfoURI | Should -Be "$($psdata.ProjectUri)/tree/main/docs"
        $zipEntries | Should -Contain 'FoscamPS/LICENSE'
        "$($packaged.Values) $($psdata.Values)" | Should -Not -Match 'example\.invalid'
    }

    It 'has Gallery tags, both editions and a description of what it covers' {
        foreach ($t in 'Foscam', 'IPCamera', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS') { $psdata.Tags | Should -Contain $t }
        $packaged.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $packaged.Description.Length | Should -BeGreaterThan 80
        $packaged.Description | Should -Match 'Foscam'
    }

    It 'gives every cmdlet a HelpUri pointing at its docs page' {
        Import-Module $env:FOSCAMPS_TEST_MODULE -Force
        foreach ($c in Get-Command -Module FoscamPS -CommandType Cmdlet) {
            $c.HelpUri | Should -Be "$($psdata.ProjectUri)/blob/main/docs/$($c.Name).md"
            Test-Path (Join-Path $repoRoot "docs/$($c.Name).md") | Should -BeTrue
        }
    }
}

Describe 'FoscamPS.<version>.nupkg' {
    It 'has the nuspec fields a Gallery publish requires' {
        $archive = [IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $entry = $archive.Entries | Where-Object FullName -EQ 'FoscamPS.nuspec'
            $reader = [IO.StreamReader]::new($entry.Open())
            [xml] $nuspec = $reader.ReadToEnd(); $reader.Dispose()
            $files = @($archive.Entries | ForEach-Object FullName)
        }
        finally { $archive.Dispose() }
        $m = $nuspec.package.metadata
        $m.id | Should -Be 'FoscamPS'
        $m.version | Should -Be $version
        $m.authors | Should -Not -BeNullOrEmpty
        $m.description | Should -Not -BeNullOrEmpty
        $m.licenseUrl | Should -Match '/LICENSE$'
        $m.projectUrl | Should -Match 'FoscamPS$'
        $m.releaseNotes | Should -Not -BeNullOrEmpty
        $m.tags -split ' ' | Should -Contain 'PSModule'
        $files | Should -Contain 'FoscamPS.psd1'
        $files | Should -Contain 'FoscamPS.dll'
    }

    It 'installs with Install-PSResource from a local file repository and imports from there' {
        $repo = Join-Path $work 'repo'
        $null = New-Item -ItemType Directory $repo
        Copy-Item $nupkg $repo
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet
Register-PSResourceRepository -Name FoscamLocal -Uri '$repo' -Trusted
Install-PSResource -Name FoscamPS -Repository FoscamLocal -Scope CurrentUser -TrustRepository -Quiet
`$m = Import-Module FoscamPS -PassThru
`$m.ModuleBase
(Get-Command -Module FoscamPS -CommandType Cmdlet).Count
(Get-InstalledPSResource FoscamPS).Version.ToString()
"@
        $r = Invoke-FreshPwsh -HomeName 'install' -Script $script
        $r.ExitCode | Should -Be 0 -Because $r.Error
        $lines = $r.Output -split "`r?`n"
        $lines[0] | Should -BeLike "$(Join-Path $work 'install')*FoscamPS*$version*"
        $lines[1] | Should -Be "$expectedCount"
        $lines[2] | Should -Be $version
    }

    It 'saves with Save-PSResource and imports from the saved folder' {
        $repo = Join-Path $work 'repo'
        $saved = Join-Path $work 'saved'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet
Register-PSResourceRepository -Name FoscamLocal -Uri '$repo' -Trusted
`$null = New-Item -ItemType Directory '$saved'
Save-PSResource -Name FoscamPS -Repository FoscamLocal -Path '$saved' -TrustRepository -Quiet
Import-Module (Join-Path '$saved' 'FoscamPS') -ErrorAction Stop
(Get-Command -Module FoscamPS -CommandType Cmdlet).Count
"@
        $r = Invoke-FreshPwsh -HomeName 'save' -Script $script
        $r.ExitCode | Should -Be 0 -Because $r.Error
        ($r.Output -split "`r?`n")[0] | Should -Be "$expectedCount"
        Test-Path (Join-Path $saved "FoscamPS/$version/FoscamPS.psd1") | Should -BeTrue
    }
}
