"""Plain multiprocessing, no torch: a nested function as a Process target under spawn.

3.8 to 3.12.4 say "Can't pickle local object", 3.12.5+ and 3.13 "Can't get local object".
"""
import multiprocessing


def main():
    def work():
        print("child ran")

    context = multiprocessing.get_context("spawn")
    child = context.Process(target=work)
    child.start()
    child.join()


if __name__ == "__main__":
    main()
