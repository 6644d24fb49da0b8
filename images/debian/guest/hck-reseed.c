/*
 * hck-reseed SECONDS: run by hck-restore in a guest just restored from a saved state, after the
 * runner's seed was written to /dev/urandom. Every restore of one state starts from the same
 * kernel random state, so the kernel's CRNG is made to reseed at once from its input pool (which
 * now holds the seed) instead of at its next scheduled reseed, and the clock, which a restored
 * guest keeps at the time of the save, is set to the host's (SECONDS since 1970, with a fraction).
 * One small program instead of perl and date: each process start costs tens of milliseconds of
 * an emulated CPU.
 */
#include <fcntl.h>
#include <linux/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status = 0;
    int random = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (random < 0 || ioctl(random, RNDRESEEDCRNG) != 0) {
        perror("hck-reseed: RNDRESEEDCRNG");
        status = 1;
    }
    if (argc > 1) {
        double now = strtod(argv[1], NULL);
        struct timespec clock = { .tv_sec = (time_t)now, .tv_nsec = (long)((now - (time_t)now) * 1e9) };
        if (now <= 0 || clock_settime(CLOCK_REALTIME, &clock) != 0) {
            perror("hck-reseed: clock_settime");
            status = 1;
        }
    }
    return status;
}
