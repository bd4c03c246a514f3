#Requires -Modules Pester
# Camera control and video as users load the module: fresh pwsh, built module, emulator as a child process,
# recordings judged by ffprobe (Debian's ffmpeg package; .ci/run installs it).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:adminCred = New-TestCredential -UserName 'admin' -Password 'fake-Adm1n'
    $script:guestCred = New-TestCredential -UserName 'guest' -Password 'fake-Gue5t'
    $users = @('--user', 'admin:fake-Adm1n:2', '--user', 'oper:fake-0per:1', '--user', 'guest:fake-Gue5t:0')
    # camera 2 cuts its stream after three frames (TruncatedMjpeg)
    $script:emu = Start-TestEmulator -Count 3 -Arguments ($users + @('--fault', '2:TruncatedMjpeg'))
    $script:a = $emu.Cameras[0].Address
    $script:b = $emu.Cameras[1].Address
    $script:cut = $emu.Cameras[2].Address
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-pester-control-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $dir | Out-Null

    function script:Get-Probe([string] $Path, [string] $Format) {
        $fmt = if ($Format) { @('-f', $Format) } else { @() }
        $line = & ffprobe -v error @fmt -count_frames -select_streams v:0 -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 $Path
        if ($LASTEXITCODE -ne 0) { throw "ffprobe failed on $Path" }
        $f = "$line".Trim() -split ','
        [pscustomobject]@{ Codec = $f[0]; Width = [int]$f[1]; Height = [int]$f[2]; Frames = [int]$f[3] }
    }
}

AfterAll {
    Stop-TestEmulator $script:emu
    Remove-Item -Recurse -Force $script:dir -ErrorAction SilentlyContinue
}

Describe 'Invoke-CamPtz' {
    It 'moves for the duration and always sends the stop' {
        $r = Invoke-CamPtz -Camera $a -Credential $adminCred -Direction Left -Duration 0.3 -PassThru -Verbose 4>&1
        $action = $r | Where-Object { $_ -is [FoscamPS.Model.CamControlAction] }
        $action.Value | Should -Be 6            # FI8918W: left is command 6
        $action.StopValue | Should -Be 7
        ($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'command=6[\s\S]*command=7'
    }

    It 'goes to a preset on every camera piped in' {
        $r = @($a, $b) | Invoke-CamPtz -Credential $adminCred -Preset 3 -PassThru
        $r.Count | Should -Be 2
        $r.Value | Should -Be @(35, 35) -Because 'go to preset 3 = 31 + 2 * (3 - 1)'
    }

    It 'rejects -Step with a diagonal before sending anything' {
        { Invoke-CamPtz -Camera $a -Credential $adminCred -Direction UpLeft -Step -ErrorAction Stop } |
            Should -Throw -ErrorId 'PtzStepDirectionNotSupported,FoscamPS.Commands.InvokeCamPtzCommand'
    }

    It 'refuses a visitor with AccessDenied' {
        Invoke-CamPtz -Camera $a -Credential $guestCred -Direction Up -Duration 0.1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AccessDenied*'
    }
}

Describe 'IO, serial, credentials and log' {
    It 'switches the IR LEDs and sends serial bytes' {
        (Set-CamIrLed -Camera $a -Credential $adminCred -State On -PassThru).Value | Should -Be 95
        (Send-CamSerialData -Camera $a -Credential $adminCred -Hex 'FF 01 00 08' -BaudRate Baud9600 -PassThru).Value | Should -Be 4
    }

    It 'tests credentials without showing the password' {
        $check = Test-CamCredential -Camera $a -Credential $guestCred
        $check.Privilege | Should -Be 'Visitor'
        ($check | Format-List * | Out-String) | Should -Not -Match 'fake-Gue5t'
        Test-CamCredential -Camera $a -Credential (New-TestCredential -UserName 'guest' -Password 'fake-wrong') -Quiet | Should -BeFalse
    }

    It 'reads the log as objects' {
        $log = Get-CamLog -Camera $a -Credential $adminCred -User guest
        $log | Should -Not -BeNullOrEmpty
        $log[0].ClientAddress | Should -Be '127.0.0.1'
        ($log | Format-Table | Out-String) | Should -Match 'guest'
    }
}

Describe 'Save-CamVideo' {
    It 'records two cameras at once into files ffprobe reads' {
        $recs = @($a, $b) | Save-CamVideo -Credential $guestCred -Path $dir -FrameCount 5 -Resolution Qvga -Rate Fps10
        $recs.Count | Should -Be 2
        foreach ($rec in $recs) {
            $rec.Frames | Should -Be 5
            $rec.Path | Should -BeLike '*.mjpeg'
            $p = Get-Probe $rec.Path
            $p.Codec | Should -Be 'mjpeg'
            $p.Width | Should -Be 320
            $p.Frames | Should -Be 5
        }
        ($recs | Format-Table | Out-String) | Should -Match 'Frames'
    }

    It 'skips a cut frame and reconnects' {
        $rec = Save-CamVideo -Camera $cut -Credential $guestCred -Path $dir -Format Multipart -FrameCount 5 -Resolution Qvga -Rate Fps10
        $rec.DamagedParts | Should -Be 1
        $rec.Reconnects | Should -Be 1
        (Get-Probe $rec.Path 'mpjpeg').Frames | Should -Be 5
    }

    It 'leaves a playable file after Ctrl+C' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript({ param($m, $c, $cred, $d) Import-Module $m; Save-CamVideo -Camera $c -Credential $cred -Path $d -Resolution Qvga -Rate Fps10 -Force }).
            AddArgument($env:FOSCAMPS_TEST_MODULE).AddArgument($b).AddArgument($guestCred).AddArgument((Join-Path $dir 'ctrlc'))
        $null = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        do {
            Start-Sleep -Milliseconds 100
            $file = Get-ChildItem (Join-Path $dir 'ctrlc') -Filter *.mjpeg -ErrorAction SilentlyContinue | Select-Object -First 1
        } until (($file -and $file.Length -gt 20000) -or [DateTime]::UtcNow -gt $deadline)
        $ps.Stop()
        $ps.Dispose()
        $file | Should -Not -BeNullOrEmpty
        $bytes = [IO.File]::ReadAllBytes($file.FullName)
        $bytes[-2] | Should -Be 0xFF
        $bytes[-1] | Should -Be 0xD9
        (Get-Probe $file.FullName).Frames | Should -BeGreaterThan 1
    }
}

Describe 'Get-CamFrame' {
    It 'streams frames with their size' {
        $frames = Get-CamFrame -Camera $a -Credential $guestCred -FrameCount 3 -Resolution Qvga
        $frames.Count | Should -Be 3
        $frames.Sequence | Should -Be @(0, 1, 2)
        $frames[0].Width | Should -Be 320
        $frames[0].Height | Should -Be 240
    }

    It 'stops when the pipeline is done with it' {
        $first = Get-CamFrame -Camera $a -Credential $guestCred -Duration 60 -Rate Fps10 | Select-Object -First 2
        $first.Count | Should -Be 2
    }
}
