// Child processes for tests: run a command to completion with its output captured, or
// start one (the real msrpgw binary, a peer) and signal and reap it later.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace msrpgw::test {

struct CommandResult {
  int exit_code = -1;  // exit status, or 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] (looked up in PATH) with `input` on its standard input; waits for it.
CommandResult runCommand(const std::vector<std::string>& argv, const std::string& input = "");

// True when `program` is found in PATH.
bool haveProgram(const std::string& program);

class ChildProcess {
 public:
  // Starts argv; standard output and error go to files read back by out() and err().
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // kills (SIGKILL) and reaps a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig);
  // Waits up to `limit` for exit; the exit code as in CommandResult, or nullopt if still
  // running when the limit passed.
  std::optional<int> waitExit(std::chrono::milliseconds limit);
  // Waits up to `limit` until the child's standard error contains `needle`.
  bool waitForErr(const std::string& needle, std::chrono::milliseconds limit);
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string out_path_;
  std::string err_path_;
};

}  // namespace msrpgw::test
