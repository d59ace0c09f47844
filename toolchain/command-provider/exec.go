package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

var defaultInterpreter = []string{"/bin/sh", "-c"}

type execRequest struct {
	op       string // create, update, delete or run; used in messages
	command  string
	spec     commandSpec
	previous *execResult // exported as PULUMI_COMMAND_STDOUT/STDERR when set
	urn      string      // for diagnostics; may be empty
	timeout  float64     // seconds; 0 means none
}

type execResult struct {
	stdout string
	stderr string
}

// run executes req.command through the interpreter and captures its output.
// A non-zero exit is an error carrying the exit code, stdout and stderr.
func (p *commandProvider) run(ctx context.Context, req execRequest) (execResult, error) {
	interp := req.spec.interpreter
	if len(interp) == 0 {
		interp = defaultInterpreter
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopOnCancel := context.AfterFunc(p.cancelCtx, cancel)
	defer stopOnCancel()
	if req.timeout > 0 {
		var cancelTimeout context.CancelFunc
		ctx, cancelTimeout = context.WithTimeout(ctx, time.Duration(req.timeout*float64(time.Second)))
		defer cancelTimeout()
	}

	args := append(append([]string{}, interp[1:]...), req.command)
	cmd := exec.CommandContext(ctx, interp[0], args...)
	cmd.Dir = req.spec.dir
	cmd.Env = os.Environ()
	for k, v := range req.spec.environment {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if req.previous != nil {
		cmd.Env = append(cmd.Env,
			"PULUMI_COMMAND_STDOUT="+req.previous.stdout,
			"PULUMI_COMMAND_STDERR="+req.previous.stderr)
	}
	if req.spec.stdin != nil {
		cmd.Stdin = strings.NewReader(*req.spec.stdin)
	}

	var stdout, stderr bytes.Buffer
	outLog := p.newLineLogger(req.urn, req.spec.logging == logStdout || req.spec.logging == logStdoutAndStderr)
	errLog := p.newLineLogger(req.urn, req.spec.logging == logStderr || req.spec.logging == logStdoutAndStderr)
	cmd.Stdout = io.MultiWriter(&stdout, outLog)
	cmd.Stderr = io.MultiWriter(&stderr, errLog)

	err := cmd.Run()
	outLog.flush()
	errLog.flush()

	res := execResult{
		stdout: strings.TrimSuffix(stdout.String(), "\n"),
		stderr: strings.TrimSuffix(stderr.String(), "\n"),
	}
	if err == nil {
		return res, nil
	}

	var exitErr *exec.ExitError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		err = fmt.Errorf("%s command timed out after %gs", req.op, req.timeout)
	case ctx.Err() != nil:
		err = fmt.Errorf("%s command was cancelled", req.op)
	case errors.As(err, &exitErr):
		err = fmt.Errorf("%s command failed with exit code %d", req.op, exitErr.ExitCode())
	default:
		return res, fmt.Errorf("%s command could not be run: %w", req.op, err)
	}
	return res, fmt.Errorf("%w\nstdout:\n%s\nstderr:\n%s", err, res.stdout, res.stderr)
}

// lineLogger forwards complete lines written to it to the engine as info
// diagnostics attached to the resource. It never fails the command.
type lineLogger struct {
	mu     sync.Mutex
	engine pulumirpc.EngineClient
	urn    string
	buf    []byte
}

func (p *commandProvider) newLineLogger(urn string, enabled bool) *lineLogger {
	l := &lineLogger{urn: urn}
	if enabled {
		l.engine = p.engineClient()
	}
	return l
}

func (l *lineLogger) Write(b []byte) (int, error) {
	if l.engine == nil {
		return len(b), nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, b...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		l.send(string(l.buf[:i]))
		l.buf = l.buf[i+1:]
	}
	return len(b), nil
}

func (l *lineLogger) flush() {
	if l.engine == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) > 0 {
		l.send(string(l.buf))
		l.buf = nil
	}
}

func (l *lineLogger) send(line string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = l.engine.Log(ctx, &pulumirpc.LogRequest{
		Severity: pulumirpc.LogSeverity_INFO,
		Message:  line,
		Urn:      l.urn,
	})
}
