using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AppPasswords.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AdminDashboardRevokedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AppPasswords_Admin_Revoked",
                table: "AppPasswords",
                column: "RevokedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AppPasswords_Admin_Revoked",
                table: "AppPasswords");
        }
    }
}
