import Manifest

/// A manifest that sets every field, with what it must read as and render to.
enum FullManifestFixture {
    static let text = #"""
        image: debian/bookworm
        arch: amd64
        packages:
          - jq
          - build-essential
        repositories:
          extra: http://deb.example.org/debian bookworm main 0123ABCD
          placeholder:
        sources:
          - https://git.example.org/~alice/widget
          - lib::git+https://git.example.org/alice/lib.git#v1.2
          - hg+https://hg.example.org/~bob/tool#default
          - git@git.example.org:alice/scp-repo.git
        environment:
          PLAIN: hello
          QUOTES: it's "quoted"
          DOLLAR: $HOME and `date` and $(id)
          NEWLINES: "line one\nline two\n"
          BACKSLASH: 'C:\path\to\'
          DATE: 20240101
          NEGATIVE: -42
          ENABLED: true
          DISABLED: false
          NOTHING: null
          TILDE: ~
          RATIO: 0.5
          HUGE_FLOAT: 12345678.9e+2
          UNICODE: "héllo wörld ✓ 🚀"
          QUOTED_NUMBER: "20240101"
          LIST:
            - a
            - b c
            - it's
            - $HOME
            - "two\nlines"
            - 'back\slash'
            - 7
            - true
            - null
          EMPTY_LIST: []
        secrets:
          - 4f1c2a6e-2c3b-4b1e-9d7a-0c8e5f3a2b1d
          - deploy-key
        shell: true
        artifacts:
          - widget/build/widget.tar.gz
          - /var/log/build.log
        tasks:
          - setup: |
              cd widget
              ./configure --prefix="$HOME/out"
          - build: make -C widget
        triggers:
          - action: email
            condition: failure
            to: Alice <alice@example.org>
            cc: bob@example.org
            in_reply_to: <123@example.org>
          - action: webhook
            condition: always
            url: https://hooks.example.org/ci
        oauth: pages.sr.ht/PAGES:RW
        """#

    static let variables = AutomaticVariables(
        jobID: 42,
        jobURL: "http://127.0.0.1:8080/~alice/job/42",
        oauth2Token: "t0k'en"
    )

    static let buildEnv = #"""
        #!/bin/sh
        complete-build() { echo 1 > ~/.complete-build; exit 0; }
        export CI_NAME='hck'
        export JOB_ID=42
        export JOB_URL='http://127.0.0.1:8080/~alice/job/42'
        export OAUTH2_TOKEN='t0k'\''en'
        export PLAIN='hello'
        export QUOTES='it'\''s "quoted"'
        export DOLLAR='$HOME and `date` and $(id)'
        export NEWLINES='line one
        line two
        '
        export BACKSLASH='C:\path\to\'
        export DATE=20240101
        export NEGATIVE=-42
        export ENABLED=true
        export DISABLED=false
        export NOTHING=""
        export TILDE=""
        export RATIO=0.5
        export HUGE_FLOAT=1.23457e+09
        export UNICODE='héllo wörld ✓ 🚀'
        export QUOTED_NUMBER='20240101'
        LIST=('a' 'b c' 'it'\''s' '$HOME' 'two
        lines' 'back\slash' '7' 'true' '')
        EMPTY_LIST=()

        """#

    /// What the shell must read back for each variable; lists as their items.
    static let shellValues: [(name: String, items: [String], isList: Bool)] = [
        ("CI_NAME", ["hck"], false),
        ("JOB_ID", ["42"], false),
        ("JOB_URL", ["http://127.0.0.1:8080/~alice/job/42"], false),
        ("OAUTH2_TOKEN", ["t0k'en"], false),
        ("PLAIN", ["hello"], false),
        ("QUOTES", [#"it's "quoted""#], false),
        ("DOLLAR", ["$HOME and `date` and $(id)"], false),
        ("NEWLINES", ["line one\nline two\n"], false),
        ("BACKSLASH", [#"C:\path\to\"#], false),
        ("DATE", ["20240101"], false),
        ("NEGATIVE", ["-42"], false),
        ("ENABLED", ["true"], false),
        ("DISABLED", ["false"], false),
        ("NOTHING", [""], false),
        ("TILDE", [""], false),
        ("RATIO", ["0.5"], false),
        ("HUGE_FLOAT", ["1.23457e+09"], false),
        ("UNICODE", ["héllo wörld ✓ 🚀"], false),
        ("QUOTED_NUMBER", ["20240101"], false),
        ("LIST", ["a", "b c", "it's", "$HOME", "two\nlines", #"back\slash"#, "7", "true", ""], true),
        ("EMPTY_LIST", [], true),
    ]

    static let setupScript = #"""
        #!/usr/bin/env bash
        . ~/.buildenv
        set -xe
        cd widget
        ./configure --prefix="$HOME/out"

        """#

    static let buildScript = "#!/usr/bin/env bash\n. ~/.buildenv\nset -xe\nmake -C widget\n"
}
