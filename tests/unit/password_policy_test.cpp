#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "core/password_policy.hpp"

using namespace huying;

TEST(PasswordPolicy, RefusesShortPasswords) {
  EXPECT_TRUE(password_problem("Ab1!xyz", "zhang"));
}

TEST(PasswordPolicy, NeedsThreeOfFourClasses) {
  EXPECT_TRUE(password_problem("abcdefghijkl", "zhang"));
  EXPECT_TRUE(password_problem("abcdefgh1234", "zhang"));
  EXPECT_FALSE(password_problem("abcdEFGH1234", "zhang"));
  EXPECT_FALSE(password_problem("abcdefgh12#$", "zhang"));
}

TEST(PasswordPolicy, RefusesTheUsernameInsideThePassword) {
  EXPECT_TRUE(password_problem("Zhang.Wei2026", "zhang.wei"));
}

TEST(PasswordPolicy, RefusesWellKnownPasswords) {
  EXPECT_TRUE(password_problem("Password123!", "zhang"));
  EXPECT_TRUE(password_problem("1qaz2WSX3edc", "zhang"));
}

TEST(PasswordPolicy, CountsCharactersNotBytes) {
  // Nine Chinese characters and a digit are ten characters but only two classes.
  EXPECT_TRUE(password_problem("人民代表大会常委会1", "zhang"));
}

TEST(PasswordPolicy, OneTimePasswordsPassThePolicy) {
  crypto::init();
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(password_problem(one_time_password(), "zhang"));
}

TEST(PasswordHashing, Argon2idVerifiesAndRejects) {
  crypto::init();
  std::string hash = crypto::hash_password("Correct-Horse-7");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(crypto::verify_password(hash, "Correct-Horse-7"));
  EXPECT_FALSE(crypto::verify_password(hash, "Correct-Horse-8"));
  EXPECT_FALSE(crypto::password_needs_rehash(hash));
}
